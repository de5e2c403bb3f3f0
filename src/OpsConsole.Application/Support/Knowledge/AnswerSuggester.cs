using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>
/// What to suggest answers for: the ticket's text (subject and body), its intent (null if unread), its language.
/// <paramref name="ExcludeTicketId"/> keeps a resolved ticket from suggesting its own replies.
/// </summary>
public sealed record SuggestionRequest(string Text, string? Intent, string Language, int MaxArticles = 3, int MaxReplies = 3, long? ExcludeTicketId = null);

/// <param name="Similarity">Cosine of the ticket's text and the article's, 0 to 1.</param>
/// <param name="Score">What the list is ordered by: similarity plus the intent bonus, lowered for another language.</param>
public sealed record ArticleSuggestion(int ArticleId, string Title, string Excerpt, string Language, IReadOnlyList<string> Intents, bool IntentMatch, double Similarity, double Score);

/// <summary>An agent's reply on a resolved ticket that read like this one.</summary>
public sealed record ReplySuggestion(long TicketId, long MessageId, string TicketSubject, string Body, string Language, DateTime RepliedAt, double Score);

public sealed record AnswerSuggestions(IReadOnlyList<ArticleSuggestion> Articles, IReadOnlyList<ReplySuggestion> Replies)
{
    public static AnswerSuggestions None { get; } = new([], []);
}

/// <summary>How suggestions are weighed.</summary>
public sealed record SuggestionWeights
{
    /// <summary>Added to the similarity of an article that lists the ticket's intent: the model's reading is evidence the words alone miss.</summary>
    public double IntentBonus { get; init; } = 0.3;

    /// <summary>Multiplies the score of an article or reply in another language than the ticket's: offered only when nothing in its own language is close.</summary>
    public double OtherLanguageFactor { get; init; } = 0.5;

    /// <summary>How many recent agent replies on resolved tickets of the intent are compared; bounds the query and the work per ticket.</summary>
    public int ReplyCandidates { get; init; } = 300;

    /// <summary>Below this a suggestion is noise and is not shown.</summary>
    public double MinScore { get; init; } = 0.05;

    /// <summary>
    /// Replies sharing at least this share of their words with one already suggested are the same answer written to
    /// another learner, and are left out.
    /// </summary>
    public double SameReply { get; init; } = 0.6;
}

/// <summary>
/// Suggests answers for a ticket: the published knowledge-base articles most like its text (from the in-memory
/// <see cref="KnowledgeIndex"/>), and what agents replied on resolved tickets of the same intent that read like it.
/// </summary>
public sealed class AnswerSuggester(IDbContextFactory<OpsDbContext> contexts, KnowledgeIndex index, SuggestionWeights weights)
{
    private const int ExcerptLength = 240;

    public async Task<AnswerSuggestions> SuggestAsync(SuggestionRequest request, CancellationToken cancellationToken = default)
    {
        var articles = await SuggestArticlesAsync(request, cancellationToken);
        var replies = request.MaxReplies > 0 ? await SuggestRepliesAsync(request, cancellationToken) : [];
        return new AnswerSuggestions(articles, replies);
    }

    /// <summary>Suggestions for a stored ticket, from its subject, body, intent and language; none for an unknown id.</summary>
    public async Task<AnswerSuggestions> SuggestForTicketAsync(long ticketId, int maxArticles = 3, int maxReplies = 3, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId)
            .Select(t => new { t.Subject, t.Body, t.Intent, t.Language }).FirstOrDefaultAsync(cancellationToken);
        return ticket is null
            ? AnswerSuggestions.None
            : await SuggestAsync(new SuggestionRequest(TicketText.Combine(ticket.Subject, ticket.Body), ticket.Intent, ticket.Language, maxArticles, maxReplies, ticketId), cancellationToken);
    }

    public async Task<IReadOnlyList<ArticleSuggestion>> SuggestArticlesAsync(SuggestionRequest request, CancellationToken cancellationToken = default)
    {
        if (request.MaxArticles <= 0)
        {
            return [];
        }
        var ranked = await index.RankAsync(request.Text, cancellationToken);
        var language = KnowledgeCodes.Language(request.Language);
        var intent = Intent(request.Intent);
        return ranked
            .Select(r =>
            {
                var match = r.Article.Covers(intent);
                var score = Score(r.Similarity, match, r.Article.Language == language, weights);
                return new ArticleSuggestion(r.Article.Id, r.Article.Title, Excerpt(r.Article.Body), r.Article.Language, r.Article.Intents, match, r.Similarity, score);
            })
            .Where(s => s.Score >= weights.MinScore)
            .OrderByDescending(s => s.Score).ThenBy(s => s.ArticleId)
            .Take(request.MaxArticles)
            .ToList();
    }

    /// <summary>
    /// Agent replies on resolved or closed tickets of the request's intent (any intent when it has none), the most
    /// recent <see cref="SuggestionWeights.ReplyCandidates"/> of them, ranked by how much the ticket they answered
    /// and the reply itself read like this text. The same reply sent on several tickets, even to other names, is shown once.
    /// </summary>
    public async Task<IReadOnlyList<ReplySuggestion>> SuggestRepliesAsync(SuggestionRequest request, CancellationToken cancellationToken = default)
    {
        if (request.MaxReplies <= 0)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var intent = Intent(request.Intent);
        var exclude = request.ExcludeTicketId ?? 0;
        var tickets = db.Tickets.AsNoTracking().Where(t => (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed) && t.Id != exclude);
        if (intent is not null)
        {
            tickets = tickets.Where(t => t.Intent == intent);
        }
        var candidates = await (
                from m in db.TicketMessages.AsNoTracking()
                join t in tickets on m.TicketId equals t.Id
                where m.Kind == MessageKind.Agent
                orderby m.Id descending
                select new { m.Id, m.TicketId, m.Body, m.CreatedAt, t.Subject, TicketBody = t.Body, t.Language })
            .Take(weights.ReplyCandidates)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }
        var similarity = TextSimilarity.Fit(candidates.Select(c => TicketText.Combine(c.Subject, c.TicketBody) + "\n" + c.Body).ToList(), cancellationToken);
        var query = similarity.Vector(request.Text);
        var language = KnowledgeCodes.Language(request.Language);
        var ranked = candidates
            .Select((c, i) => new ReplySuggestion(c.TicketId, c.Id, c.Subject, c.Body, KnowledgeCodes.Language(c.Language), Instants.AsUtc(c.CreatedAt),
                Score(query.Cosine(similarity.Documents[i]), false, KnowledgeCodes.Language(c.Language) == language, weights)))
            .Where(r => r.Score >= weights.MinScore)
            .OrderByDescending(r => r.Score).ThenByDescending(r => r.MessageId);
        var picked = new List<(ReplySuggestion Reply, HashSet<string> Words)>();
        foreach (var reply in ranked)
        {
            // A canned response sent to many learners differs only in the name: one of them is enough.
            var words = Words(reply.Body);
            if (picked.Any(p => Overlap(p.Words, words) >= weights.SameReply))
            {
                continue;
            }
            picked.Add((reply, words));
            if (picked.Count == request.MaxReplies)
            {
                break;
            }
        }
        return picked.Select(p => p.Reply).ToList();
    }

    /// <summary>Latin words and Chinese character pairs: enough to tell one written answer from another.</summary>
    internal static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in TicketText.Runs(TicketText.Normalise(text)))
        {
            if (!run.Cjk || run.Text.Length == 1)
            {
                words.Add(run.Text);
                continue;
            }
            for (var i = 0; i + 1 < run.Text.Length; i++)
            {
                words.Add(run.Text.Substring(i, 2));
            }
        }
        return words;
    }

    /// <summary>Shared words over all words (Jaccard), 0 to 1.</summary>
    internal static double Overlap(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }
        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    internal static double Score(double similarity, bool intentMatch, bool sameLanguage, SuggestionWeights weights) =>
        (similarity + (intentMatch ? weights.IntentBonus : 0)) * (sameLanguage ? 1 : weights.OtherLanguageFactor);

    private static string? Intent(string? intent) => string.IsNullOrWhiteSpace(intent) ? null : intent.Trim().ToLowerInvariant();

    internal static string Excerpt(string body)
    {
        var flat = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= ExcerptLength ? flat : flat[..(ExcerptLength - 1)].TrimEnd() + "…";
    }
}
