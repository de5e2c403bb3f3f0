using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Support;

namespace OpsConsole.Privacy;

/// <summary>What erasure did: the random id that now stands for the learner where rows were kept, and rows per table.</summary>
public sealed record ErasureResult(string Tombstone, IReadOnlyDictionary<string, int> Deleted, IReadOnlyDictionary<string, int> Anonymised);

/// <summary>
/// The learner's right to erasure, in one transaction. Personal data, behaviour and everything derived from it are
/// deleted; the few records the business must keep (orders, refunds and memberships for the accounts, tickets for
/// support figures, the audit log for accountability) are kept under a random tombstone id with their free text removed.
/// The tombstone is drawn fresh for each erasure and stored nowhere beside the learner id, so nothing leads back.
/// </summary>
public sealed class LearnerEraser(IDbContextFactory<OpsDbContext> contexts, TimeProvider clock)
{
    public const string TombstonePrefix = "erased-";
    public const string ErasedText = "[erased]";

    public async Task<ErasureResult?> EraseAsync(string learnerId, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(learnerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await LearnerFootprint.Learners(db, learnerId).AnyAsync(cancellationToken))
        {
            return null;
        }
        var pii = await LearnerFootprint.Pii(db, learnerId).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var tombstone = TombstonePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var deleted = new Dictionary<string, int>();
        var anonymised = new Dictionary<string, int>();
        var id = learnerId;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Rows found through other rows go before the rows that find them.
        deleted["RecommendationFeedback"] = await LearnerFootprint.Feedback(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["RecommendationImpressions"] = await LearnerFootprint.Impressions(db, id).ExecuteDeleteAsync(cancellationToken);
        anonymised["TicketMessages"] = await LearnerFootprint.TicketMessages(db, id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Body, ErasedText)
            .SetProperty(m => m.AuthorId, m => m.AuthorId == id ? tombstone : m.AuthorId)
            .SetProperty(m => m.AuthorName, m => m.Kind == MessageKind.Learner ? "" : m.AuthorName), cancellationToken);
        // Kept for response times, volumes and satisfaction; the text goes, and it no longer trains the intent model.
        anonymised["Tickets"] = await LearnerFootprint.Tickets(db, id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.LearnerId, tombstone)
            .SetProperty(t => t.Subject, ErasedText)
            .SetProperty(t => t.Body, ErasedText)
            .SetProperty(t => t.Entities, (string?)null)
            .SetProperty(t => t.CsatComment, (string?)null)
            .SetProperty(t => t.IntentConfirmed, false), cancellationToken);
        anonymised["Orders"] = await LearnerFootprint.Orders(db, id).ExecuteUpdateAsync(s => s.SetProperty(o => o.LearnerId, tombstone), cancellationToken);
        anonymised["Memberships"] = await LearnerFootprint.Memberships(db, id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LearnerId, tombstone), cancellationToken);

        var segments = await LearnerFootprint.SegmentMembers(db, id).Select(m => m.SegmentId).ToListAsync(cancellationToken);
        deleted["SegmentMembers"] = await LearnerFootprint.SegmentMembers(db, id).ExecuteDeleteAsync(cancellationToken);
        if (segments.Count > 0)
        {
            await db.Segments.Where(s => segments.Contains(s.Id) && s.Members > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Members, x => x.Members - 1), cancellationToken);
        }
        deleted["ExperimentExposures"] = await LearnerFootprint.ExperimentExposures(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["ChurnAlerts"] = await LearnerFootprint.ChurnAlerts(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["ChurnScoreHistory"] = await LearnerFootprint.ChurnScoreHistory(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["ChurnScores"] = await LearnerFootprint.ChurnScores(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["LearnerInterests"] = await LearnerFootprint.Interests(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["LearnerProfiles"] = await LearnerFootprint.Profiles(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["PathSteps"] = await LearnerFootprint.PathSteps(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["LearnerActivity"] = await LearnerFootprint.Activity(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["Events"] = await LearnerFootprint.Events(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["Quarantine"] = await LearnerFootprint.Quarantine(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["LearnerPii"] = await LearnerFootprint.Pii(db, id).ExecuteDeleteAsync(cancellationToken);
        deleted["Learners"] = await LearnerFootprint.Learners(db, id).ExecuteDeleteAsync(cancellationToken);

        // Who revealed or exported this learner stays answerable, about the tombstone instead of the person.
        anonymised["AuditLog"] = await LearnerFootprint.Audit(db, id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Target, tombstone), cancellationToken);
        foreach (var text in PersonalTexts(pii))
        {
            anonymised["AuditLog"] += await db.AuditLog.Where(a => a.Detail != null && a.Detail.Contains(text))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, a => a.Detail!.Replace(text, ErasedText)), cancellationToken);
        }

        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = AuditActions.LearnerErase,
            Target = tombstone,
            Detail = Describe(deleted, anonymised),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ErasureResult(tombstone, deleted, anonymised);
    }

    /// <summary>Personal values an audit entry's free text may repeat (e.g. an export searched by e-mail).</summary>
    private static IEnumerable<string> PersonalTexts(OpsConsole.Learners.LearnerPii? pii) =>
        new[] { pii?.Email, pii?.Phone, pii?.Name }.Where(v => v is { Length: >= 3 }).Select(v => v!).Distinct();

    private static string Describe(Dictionary<string, int> deleted, Dictionary<string, int> anonymised)
    {
        static string Counts(Dictionary<string, int> rows) =>
            string.Join(", ", rows.Where(r => r.Value > 0).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value}")));
        return $"deleted: {Counts(deleted)}; anonymised: {Counts(anonymised)}";
    }
}
