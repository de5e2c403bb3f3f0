using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;

namespace OpsConsole.Support.Reports;

/// <summary>
/// The support desk's reports. The database picks the tickets that matter to the range (created, answered, resolved,
/// closed or rated in it, or unfinished and able to fall due in it), returns a dozen narrow columns of each, and counts
/// the open backlog itself; one pass over those rows then measures them, because business time follows the desk's
/// calendar (opening hours, holidays, a time zone), which SQL cannot express on every provider. Business time comes from
/// an index of the calendar's open periods, so each ticket costs a few binary searches.
/// </summary>
public sealed class SupportReportQuery(IDbContextFactory<OpsDbContext> contexts, PlatformTime time, SlaPolicies policies)
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
        // The policies in force now, whether configured or saved by a manager; tickets carry the due times set when they came in.
        var sla = await policies.ClockAsync(cancellationToken);
        var window = ReportWindow.For(request, time, sla);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = (db.Database.IsSqlite() || db.Database.IsNpgsql()) && !ReadThroughLinq
            ? await TicketRowReader.ReadSqlAsync(db, request.Filters, window, cancellationToken)
            : await TicketRowReader.ReadLinqAsync(db, request.Filters, window, cancellationToken);
        var open = await TicketRowReader.OpenAsync(db, request.Filters, now, ReadThroughLinq, cancellationToken);
        var agents = await db.SupportAgents.AsNoTracking().ToListAsync(cancellationToken);
        return new SupportReportBuilder(request, time, sla, now, rows).Build(agents, open);
    }

    /// <summary>
    /// Reads rows through LINQ even on SQLite and PostgreSQL, as on providers without a hand-written statement; slower, the
    /// same answers (tests compare both ways).
    /// </summary>
    public bool ReadThroughLinq { get; init; }

    /// <summary>
    /// How many tickets a report reads row by row, counted by the database with the report's own selection: the cost of
    /// finding them without reading or measuring any (the benchmark's baseline).
    /// </summary>
    public async Task<int> CountTicketsReadAsync(SupportReportRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var window = ReportWindow.For(request, time, await policies.ClockAsync(cancellationToken));
        return (db.Database.IsSqlite() || db.Database.IsNpgsql()) && !ReadThroughLinq
            ? await TicketRowReader.CountSqlAsync(db, request.Filters, window, cancellationToken)
            : await TicketRowReader.Read(db, request.Filters, window).CountAsync(cancellationToken);
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
        var ratings = await TicketRowReader.Filtered(db, filter ?? SupportReportFilter.None)
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

    /// <summary>The channels, languages and intents tickets carry, for the page's filters.</summary>
    public async Task<SupportFacets> FacetsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channels = await db.Tickets.Select(t => t.Channel).Distinct().ToListAsync(cancellationToken);
        var languages = await db.Tickets.Select(t => t.Language).Distinct().ToListAsync(cancellationToken);
        var intents = await db.Tickets.Where(t => t.Intent != null).Select(t => t.Intent!).Distinct().ToListAsync(cancellationToken);
        return new SupportFacets([.. channels.Order(StringComparer.Ordinal)], [.. languages.Order(StringComparer.Ordinal)], [.. intents.Order(StringComparer.Ordinal)]);
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
    decimal? NetSpend);
