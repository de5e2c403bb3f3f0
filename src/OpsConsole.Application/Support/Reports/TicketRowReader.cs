using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;

namespace OpsConsole.Support.Reports;

/// <summary>
/// What a report reads and how. A ticket is read when it matches the filters and was created, first answered, resolved,
/// closed or rated in the range (ratings from the range of equal length before it on, for the trend), or is unfinished
/// and could still fall due in the range. Open tickets as such (the backlog, agents' load) are counted by the database
/// instead, grouped by status, holder and age.
/// </summary>
internal sealed record ReportWindow(DateTime Start, DateTime End, DateTime RatingsFrom, DateTime DueCutoff)
{
    public static ReportWindow For(SupportReportRequest request, PlatformTime time, SlaClock sla)
    {
        var (start, end) = time.ToUtc(request.Range);
        return new ReportWindow(start, end, time.StartOfDayUtc(request.Range.Previous().From), FindDueCutoff(sla, start));
    }

    /// <summary>
    /// An instant before which every ticket's policy targets fell due before <paramref name="start"/>: due times grow
    /// with the creation time, so a search on the longest target finds it. Unfinished tickets created earlier can only
    /// matter through a due time stored on the ticket.
    /// </summary>
    private static DateTime FindDueCutoff(SlaClock sla, DateTime start)
    {
        var longest = Enum.GetValues<TicketPriority>().Select(sla.PolicyFor).Max(p => p.FirstResponse > p.Resolution ? p.FirstResponse : p.Resolution);
        var span = TimeSpan.FromDays(30);
        var low = start - span;
        while (sla.Calendar.AddBusinessTime(low, longest) >= start)
        {
            span *= 2;
            low = start - span;
        }
        var high = start;
        // Due(low) < start <= Due(high); halve to within a minute, keeping low on the safe side.
        while (high - low > TimeSpan.FromMinutes(1))
        {
            var mid = low + (high - low) / 2;
            if (sla.Calendar.AddBusinessTime(mid, longest) < start)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}

internal static class TicketRowReader
{
    public static IQueryable<Ticket> Filtered(OpsDbContext db, SupportReportFilter filter)
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

    /// <summary>The tickets read, as a query any provider runs.</summary>
    public static IQueryable<Ticket> Read(OpsDbContext db, SupportReportFilter filter, ReportWindow w) =>
        Filtered(db, filter).Where(t => t.CreatedAt < w.End && (t.CreatedAt >= w.Start
            || t.ResolvedAt >= w.Start
            || t.ClosedAt >= w.Start
            || t.FirstRespondedAt >= w.Start
            || t.CsatRatedAt >= w.RatingsFrom
            || (t.ResolvedAt == null && t.ClosedAt == null
                && (t.CreatedAt >= w.DueCutoff || t.FirstResponseDueAt >= w.Start || t.ResolutionDueAt >= w.Start))));

    /// <summary>Reads the rows through LINQ: every provider, at the cost of materialising each column in .NET.</summary>
    public static Task<List<TicketRow>> ReadLinqAsync(OpsDbContext db, SupportReportFilter filter, ReportWindow w, CancellationToken ct) =>
        Read(db, filter, w)
            .Select(t => new TicketRow(
                t.CreatedAt, t.FirstRespondedAt, t.ResolvedAt, t.ClosedAt, t.Status, t.Priority, t.Intent, t.AssigneeId,
                t.CsatRating, t.CsatRatedAt, t.FirstResponseDueAt, t.ResolutionDueAt,
                t.AutoReplyArticleId != null,
                // Resolved by the automated reply alone: no agent ever wrote to the learner.
                t.AutoReplyArticleId != null && (t.ResolvedAt != null || t.ClosedAt != null)
                    && !db.TicketMessages.Any(m => m.TicketId == t.Id && m.Kind == MessageKind.Agent),
                t.CsatRating != null ? db.Profiles.Where(p => p.LearnerId == t.LearnerId).Select(p => (decimal?)p.NetSpend).FirstOrDefault() : null))
            .ToListAsync(ct);

    /// <summary>
    /// The same rows as <see cref="ReadLinqAsync"/> in hand-written SQL for SQLite and PostgreSQL: instants come back as
    /// epoch milliseconds and enums as their stored names, which is several times cheaper to read than SQLite's date text
    /// through the value converters, the bulk of a report's time.
    /// </summary>
    public static async Task<List<TicketRow>> ReadSqlAsync(OpsDbContext db, SupportReportFilter filter, ReportWindow w, CancellationToken ct)
    {
        var sqlite = db.Database.IsSqlite();
        string Ms(string column) => sqlite
            ? $"CAST(ROUND((julianday(t.\"{column}\") - 2440587.5) * 86400000.0) AS INTEGER)"
            : $"CAST(ROUND(EXTRACT(EPOCH FROM t.\"{column}\") * 1000) AS BIGINT)";
        var (sql, parameters) = Statement(sqlite, filter, w, $"""
            {Ms("CreatedAt")}, {Ms("FirstRespondedAt")}, {Ms("ResolvedAt")}, {Ms("ClosedAt")}, t."Status", t."Priority", t."Intent",
                t."AssigneeId", t."CsatRating", {Ms("CsatRatedAt")}, {Ms("FirstResponseDueAt")}, {Ms("ResolutionDueAt")},
                CASE WHEN t."AutoReplyArticleId" IS NULL THEN 0 ELSE 1 END,
                CASE WHEN t."AutoReplyArticleId" IS NOT NULL AND (t."ResolvedAt" IS NOT NULL OR t."ClosedAt" IS NOT NULL)
                    AND NOT EXISTS (SELECT 1 FROM "TicketMessages" m WHERE m."TicketId" = t."Id" AND m."Kind" = 'Agent') THEN 1 ELSE 0 END,
                CASE WHEN t."CsatRating" IS NOT NULL THEN (SELECT p."NetSpend" FROM "LearnerProfiles" p WHERE p."LearnerId" = t."LearnerId") END
            """);
        return await AnalyticsSql.QueryAsync(db, sql, parameters, r => new TicketRow(
            Instant(r, 0)!.Value, Instant(r, 1), Instant(r, 2), Instant(r, 3), Status(r.GetString(4)), Priority(r.GetString(5)),
            r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : Convert.ToInt32(r.GetValue(8)),
            Instant(r, 9), Instant(r, 10), Instant(r, 11), Convert.ToInt32(r.GetValue(12)) == 1, Convert.ToInt32(r.GetValue(13)) == 1,
            r.IsDBNull(14) ? null : Convert.ToDecimal(r.GetValue(14))), ct);
    }

    /// <summary>How many rows <see cref="ReadSqlAsync"/> reads, counted by the same statement.</summary>
    public static async Task<int> CountSqlAsync(OpsDbContext db, SupportReportFilter filter, ReportWindow w, CancellationToken ct)
    {
        var (sql, parameters) = Statement(db.Database.IsSqlite(), filter, w, "COUNT(*)");
        return (await AnalyticsSql.QueryAsync(db, sql, parameters, r => Convert.ToInt32(r.GetValue(0)), ct)).Single();
    }

    private static (string Sql, Dictionary<string, object> Parameters) Statement(bool sqlite, SupportReportFilter filter, ReportWindow w, string columns)
    {
        var (filters, parameters) = Filters(filter);
        (parameters["@start"], parameters["@end"], parameters["@ratingsFrom"], parameters["@cutoff"]) = (w.Start, w.End, w.RatingsFrom, w.DueCutoff);
        // SQLite would otherwise answer the range on CreatedAt by skip-scanning the (Status, CreatedAt) index and fetching
        // most of the table row by row, several times slower than reading it straight through; unary + keeps it off.
        var created = sqlite ? "+t.\"CreatedAt\"" : "t.\"CreatedAt\"";
        return ($"""
            SELECT {columns}
            FROM "Tickets" t
            WHERE {created} < @end{filters} AND (t."CreatedAt" >= @start
                OR t."ResolvedAt" >= @start OR t."ClosedAt" >= @start OR t."FirstRespondedAt" >= @start OR t."CsatRatedAt" >= @ratingsFrom
                OR (t."ResolvedAt" IS NULL AND t."ClosedAt" IS NULL
                    AND (t."CreatedAt" >= @cutoff OR t."FirstResponseDueAt" >= @start OR t."ResolutionDueAt" >= @start)))
            """, parameters);
    }

    /// <summary>The filters as SQL conditions (each starting with AND) and their parameters.</summary>
    private static (string Sql, Dictionary<string, object> Parameters) Filters(SupportReportFilter filter)
    {
        var parameters = new Dictionary<string, object>();
        var where = new List<string>();
        void Equal(string column, string name, string? value)
        {
            if (value is not null)
            {
                where.Add($"t.\"{column}\" = {name}");
                parameters[name] = value;
            }
        }
        Equal("Channel", "@channel", filter.Channel);
        Equal("Language", "@language", filter.Language);
        if (filter.Intent == SupportReport.Unclassified)
        {
            where.Add("t.\"Intent\" IS NULL");
        }
        else
        {
            Equal("Intent", "@intent", filter.Intent);
        }
        Equal("Priority", "@priority", filter.Priority?.ToString());
        return (string.Concat(where.Select(w => " AND " + w)), parameters);
    }

    private static DateTime? Instant(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTime.UnixEpoch.AddMilliseconds(r.GetInt64(i));

    private static TicketStatus Status(string stored) => stored switch
    {
        "New" => TicketStatus.New,
        "Assigned" => TicketStatus.Assigned,
        "Pending" => TicketStatus.Pending,
        "Resolved" => TicketStatus.Resolved,
        "Closed" => TicketStatus.Closed,
        _ => Enum.Parse<TicketStatus>(stored),
    };

    private static TicketPriority Priority(string stored) => stored switch
    {
        "Low" => TicketPriority.Low,
        "Normal" => TicketPriority.Normal,
        "High" => TicketPriority.High,
        "Urgent" => TicketPriority.Urgent,
        _ => Enum.Parse<TicketPriority>(stored),
    };

    /// <summary>Open tickets now by status and holder, in the age buckets of <see cref="BacklogAges"/>, counted by the database.</summary>
    public static async Task<List<OpenCount>> OpenAsync(OpsDbContext db, SupportReportFilter filter, DateTime now, bool linq, CancellationToken ct)
    {
        // Each bucket holds its lower age bound: created exactly 4 hours ago is 4–24 hours old.
        var (h4, h24, d3, d7) = (now.AddHours(-4), now.AddHours(-24), now.AddDays(-3), now.AddDays(-7));
        if (!linq && (db.Database.IsSqlite() || db.Database.IsNpgsql()))
        {
            var (where, parameters) = Filters(filter);
            (parameters["@h4"], parameters["@h24"], parameters["@d3"], parameters["@d7"]) = (h4, h24, d3, d7);
            // On SQLite, + keeps the planner from walking the (AssigneeId, Status) index to save a sort of a few rows.
            var status = db.Database.IsSqlite() ? "+t.\"Status\"" : "t.\"Status\"";
            var sql = $"""
                SELECT t."Status", t."AssigneeId",
                    SUM(CASE WHEN t."CreatedAt" > @h4 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN t."CreatedAt" <= @h4 AND t."CreatedAt" > @h24 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN t."CreatedAt" <= @h24 AND t."CreatedAt" > @d3 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN t."CreatedAt" <= @d3 AND t."CreatedAt" > @d7 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN t."CreatedAt" <= @d7 THEN 1 ELSE 0 END)
                FROM "Tickets" t
                WHERE {status} IN ('New', 'Assigned', 'Pending'){where}
                GROUP BY t."Status", t."AssigneeId"
                """;
            return await AnalyticsSql.QueryAsync(db, sql, parameters, r => new OpenCount(
                Status(r.GetString(0)), r.IsDBNull(1) ? null : r.GetString(1),
                [Convert.ToInt32(r.GetValue(2)), Convert.ToInt32(r.GetValue(3)), Convert.ToInt32(r.GetValue(4)), Convert.ToInt32(r.GetValue(5)), Convert.ToInt32(r.GetValue(6))]), ct);
        }
        var groups = await Filtered(db, filter)
            .Where(t => t.Status == TicketStatus.New || t.Status == TicketStatus.Assigned || t.Status == TicketStatus.Pending)
            .GroupBy(t => new { t.Status, t.AssigneeId })
            .Select(g => new
            {
                g.Key.Status,
                g.Key.AssigneeId,
                A = g.Sum(t => t.CreatedAt > h4 ? 1 : 0),
                B = g.Sum(t => t.CreatedAt <= h4 && t.CreatedAt > h24 ? 1 : 0),
                C = g.Sum(t => t.CreatedAt <= h24 && t.CreatedAt > d3 ? 1 : 0),
                D = g.Sum(t => t.CreatedAt <= d3 && t.CreatedAt > d7 ? 1 : 0),
                E = g.Sum(t => t.CreatedAt <= d7 ? 1 : 0),
            })
            .ToListAsync(ct);
        return [.. groups.Select(g => new OpenCount(g.Status, g.AssigneeId, [g.A, g.B, g.C, g.D, g.E]))];
    }
}

/// <summary>Open tickets of one status and holder by age bucket.</summary>
internal sealed record OpenCount(TicketStatus Status, string? AssigneeId, int[] Ages);
