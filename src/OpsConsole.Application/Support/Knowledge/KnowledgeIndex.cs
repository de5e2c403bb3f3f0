using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>A published article as the index holds it, with its intents split. Read-only: shared by every caller.</summary>
public sealed record IndexedArticle(int Id, string Title, string Body, string Language, IReadOnlyList<string> Intents)
{
    public bool Covers(string? intent) => intent is not null && Intents.Contains(intent, StringComparer.Ordinal);
}

/// <summary>
/// The published articles and their TF-IDF vectors, kept in memory so ranking articles for a ticket reads no
/// database. <see cref="KnowledgeBase"/> marks it stale on every change in this process; the next reader rebuilds it
/// (a few hundred articles take milliseconds). <see cref="MaxAge"/> bounds how long another instance's edits
/// take to show up here.
/// </summary>
public sealed class KnowledgeIndex(IDbContextFactory<OpsDbContext> contexts, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;
    private int _version;

    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Makes the next reader rebuild from the database.</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);

    /// <summary>The published articles, ranked by similarity to the text (best first), each with its cosine in [0, 1].</summary>
    public async Task<IReadOnlyList<(IndexedArticle Article, double Similarity)>> RankAsync(string text, CancellationToken cancellationToken = default)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        var query = snapshot.Similarity.Vector(text);
        var ranked = new (IndexedArticle, double)[snapshot.Articles.Count];
        for (var i = 0; i < ranked.Length; i++)
        {
            ranked[i] = (snapshot.Articles[i], query.Cosine(snapshot.Similarity.Documents[i]));
        }
        return ranked;
    }

    /// <summary>How many published articles the index holds now.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default) => (await CurrentAsync(cancellationToken)).Articles.Count;

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_snapshot) is { } current)
        {
            return current;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_snapshot) is { } built)
            {
                return built;
            }
            // Read the version before the rows: a change saved while loading leaves this snapshot stale, as it should.
            var version = Volatile.Read(ref _version);
            var snapshot = await BuildAsync(version, cancellationToken);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Snapshot? Fresh(Snapshot? snapshot) =>
        snapshot is not null && snapshot.Version == Volatile.Read(ref _version) && clock.GetUtcNow() - snapshot.BuiltAt < MaxAge ? snapshot : null;

    private async Task<Snapshot> BuildAsync(int version, CancellationToken cancellationToken)
    {
        var builtAt = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.KnowledgeArticles.AsNoTracking().Where(a => a.Published).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Title, a.Body, a.Language, a.Intents })
            .ToListAsync(cancellationToken);
        var articles = rows.Select(r => new IndexedArticle(r.Id, r.Title, r.Body, r.Language, KnowledgeCodes.Split(r.Intents))).ToList();
        var similarity = await Task.Run(() => TextSimilarity.Fit(articles.Select(Document).ToList(), cancellationToken), cancellationToken);
        return new Snapshot(version, builtAt, articles, similarity);
    }

    /// <summary>The title twice: a learner's words match a title more often than the body, and it says what the article is about.</summary>
    internal static string Document(IndexedArticle article) => article.Title + "\n" + article.Title + "\n" + article.Body;

    private sealed record Snapshot(int Version, DateTimeOffset BuiltAt, IReadOnlyList<IndexedArticle> Articles, TextSimilarity Similarity);
}
