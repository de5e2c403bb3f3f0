using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;

namespace OpsConsole.Support.Reports;

/// <summary>
/// The support desk's reports. The database filters the tickets that matter to the range (created, answered, resolved,
/// closed or rated in it, or still open) and returns a dozen narrow columns of each; one pass over those rows then
/// measures them, because business time follows the desk's calendar (opening hours, holidays, a time zone) that SQL
/// cannot express on every provider. Business time comes from an index of the calendar's open periods, so each ticket
/// costs a few binary searches.
/// </summary>
public sealed class SupportReportQuery(IDbContextFactory<OpsDbContext> contexts, PlatformTime time, SlaClock sla)
{
    /// <summary>The longest range a report covers: two years of days.</summary>
    public const int MaxDays = 731;

    public async Task<SupportReport> RunAsync(SupportReportRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Range.Length > MaxDays)
        {
            throw new AnalyticsParameterException("to", $"A support report covers at most {MaxDays} days.");
        }
        var now = time.UtcNow;
        var (start, end) = time.ToUtc(request.Range);
        // Each period's satisfaction is compared with as many days just before it, the range's with the range before it.
        var ratingsFrom = time.StartOfDayUtc(request.Range.Previous().From);
        var filter = request.Filters;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Filtered(db, filter)
            .Where(t => t.Status == TicketStatus.New || t.Status == TicketStatus.Assigned || t.Status == TicketStatus.Pending
                || (t.CreatedAt < end && (t.CreatedAt >= start
                    || (t.ResolvedAt == null && t.ClosedAt == null)
                    || t.ResolvedAt >= start
                    || t.ClosedAt >= start
                    || t.FirstRespondedAt >= start
                    || t.CsatRatedAt >= ratingsFrom)))
            .Select(t => new TicketRow(
                t.CreatedAt, t.FirstRespondedAt, t.ResolvedAt, t.ClosedAt, t.Status, t.Priority, t.Intent, t.AssigneeId,
                t.CsatRating, t.CsatRatedAt, t.FirstResponseDueAt, t.ResolutionDueAt,
                t.AutoReplyArticleId != null,
                // Resolved by the automated reply alone: no agent ever wrote to the learner.
                t.AutoReplyArticleId != null && (t.ResolvedAt != null || t.ClosedAt != null)
                    && !db.TicketMessages.Any(m => m.TicketId == t.Id && m.Kind == MessageKind.Agent),
                t.CsatRating != null ? db.Profiles.Where(p => p.LearnerId == t.LearnerId).Select(p => (decimal?)p.NetSpend).FirstOrDefault() : null))
            .ToListAsync(cancellationToken);
        var agents = await db.SupportAgents.AsNoTracking().ToListAsync(cancellationToken);

        var builder = new SupportReportBuilder(request, time, sla, now, rows);
        return builder.Build(agents);
    }

    /// <summary>
    /// The satisfaction index of the ratings given in <paramref name="range"/>, against the range of equal length before
    /// it: the overview's card. Reads only rated tickets.
    /// </summary>
    public async Task<SatisfactionSummary> SatisfactionAsync(DayRange range, SupportReportFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var (start, end) = time.ToUtc(range);
        var from = time.StartOfDayUtc(range.Previous().From);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ratings = await Filtered(db, filter ?? SupportReportFilter.None)
            .Where(t => t.CsatRating != null && t.CsatRatedAt >= from && t.CsatRatedAt < end)
            .Select(t => new
            {
                At = t.CsatRatedAt!.Value,
                Rating = t.CsatRating!.Value,
                NetSpend = db.Profiles.Where(p => p.LearnerId == t.LearnerId).Select(p => (decimal?)p.NetSpend).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var current = new SatisfactionIndex.Accumulator();
        var previous = new SatisfactionIndex.Accumulator();
        foreach (var r in ratings)
        {
            (r.At >= start ? current : previous).Add(r.Rating, (double)(r.NetSpend ?? 0));
        }
        return new SatisfactionSummary(range, current.Figures(previous));
    }

    private static IQueryable<Ticket> Filtered(OpsDbContext db, SupportReportFilter filter)
    {
        var tickets = db.Tickets.AsNoTracking();
        if (filter.Channel is { } channel)
        {
            tickets = tickets.Where(t => t.Channel == channel);
        }
        if (filter.Language is { } language)
        {
            tickets = tickets.Where(t => t.Language == language);
        }
        if (filter.Intent is { } intent)
        {
            tickets = intent == SupportReport.Unclassified ? tickets.Where(t => t.Intent == null) : tickets.Where(t => t.Intent == intent);
        }
        if (filter.Priority is { } priority)
        {
            tickets = tickets.Where(t => t.Priority == priority);
        }
        return tickets;
    }
}

/// <summary>The columns of one ticket a report reads.</summary>
internal sealed record TicketRow(
    DateTime CreatedAt,
    DateTime? FirstRespondedAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    TicketStatus Status,
    TicketPriority Priority,
    string? Intent,
    string? AssigneeId,
    int? CsatRating,
    DateTime? CsatRatedAt,
    DateTime? FirstResponseDueAt,
    DateTime? ResolutionDueAt,
    bool AutoReplied,
    bool AutoResolved,
    decimal? NetSpend)
{
    public bool IsOpen => Status is TicketStatus.New or TicketStatus.Assigned or TicketStatus.Pending;
}
