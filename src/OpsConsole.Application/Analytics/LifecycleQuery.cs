using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Analytics;

/// <summary>
/// Learner lifecycle per period (new, returning, resurrecting, dormant), computed in the database. As for retention,
/// period boundaries in the platform zone are computed here and passed in as UTC instants. The database finds which
/// learners were active in which period with one range scan on the OccurredAt index per period (the period before the
/// first one included, so the first one knows who was active just before), and each active learner's first event ever
/// with one probe on (LearnerId, OccurredAt).
/// </summary>
public sealed class LifecycleQuery(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, PlatformTime time)
{
    public async Task<LifecycleReport> RunAsync(LifecycleRequest request, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "Lifecycle");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await JourneySql.EnsureSegmentAsync(db, request.SegmentId, cancellationToken);
        var now = time.UtcNow;
        var starts = request.Period.StartsIn(request.From, request.To).Where(s => time.StartOfDayUtc(s) <= now).ToList();
        if (starts.Count == 0)
        {
            return new LifecycleReport(request.Period.ToWireName(), [], request.Breakdown?.ToWireName(), []);
        }
        // Bucket 0 is the period before the first reported one: only there to tell returning from resurrecting.
        var previous = request.Period.StartOf(starts[0].AddDays(-1));
        var buckets = new[] { previous }.Concat(starts)
            .Select(s => (Start: time.StartOfDayUtc(s), End: time.StartOfDayUtc(request.Period.Next(s))))
            .ToList();
        var parameters = new Dictionary<string, object> { ["@last"] = starts.Count };
        var values = JourneySql.Values(buckets, "b", parameters);
        var segment = JourneySql.SegmentFilter("ev.\"LearnerId\"", request.SegmentId, parameters);
        // The counts for every learner (a null group) and, with a breakdown, per group: a learner keeps one group.
        // (PostgreSQL reads a constant in GROUP BY as a column position, so the total is grouped by period alone.)
        string Counts(string group, string join)
        {
            var by = group == "NULL" ? "" : group + ", ";
            return $"""
            SELECT {group} AS grp, f.idx,
                SUM(CASE WHEN fi.first_at >= b.s THEN 1 ELSE 0 END) AS new_learners,
                SUM(CASE WHEN fi.first_at < b.s AND f.prev_idx = f.idx - 1 THEN 1 ELSE 0 END) AS returning_learners,
                SUM(CASE WHEN fi.first_at < b.s AND (f.prev_idx IS NULL OR f.prev_idx < f.idx - 1) THEN 1 ELSE 0 END) AS resurrecting,
                0 AS dormant
            FROM flagged f
            JOIN firsts fi ON fi.learner = f.learner
            JOIN bucket b ON b.idx = f.idx {join}
            WHERE f.idx >= 1
            GROUP BY {by}f.idx
            UNION ALL
            -- Active in a period and not in the next: dormant in the next.
            SELECT {group}, f.idx + 1, 0, 0, 0, COUNT(*)
            FROM flagged f {join}
            WHERE (f.next_idx IS NULL OR f.next_idx > f.idx + 1) AND f.idx + 1 <= @last
            GROUP BY {by}f.idx
            """;
        }
        var groups = request.Breakdown is { } breakdown
            ? ",\n" + breakdown.LabelSql("people")
            : "";
        // Period 0 (the one before the report) carries each group's learners, by which the groups are ordered.
        var groupCounts = request.Breakdown is null ? "" : "\nUNION ALL\n" + Counts("l.grp", "JOIN labelled l ON l.learner = f.learner")
            + "\nUNION ALL\nSELECT grp, 0, COUNT(*), 0, 0, 0 FROM labelled GROUP BY grp";
        var sql = $"""
            WITH bucket(idx, s, e) AS ({values}),
            active AS (
                SELECT DISTINCT ev."LearnerId" AS learner, b.idx
                FROM bucket b JOIN "Events" ev ON ev."OccurredAt" >= b.s AND ev."OccurredAt" < b.e
                WHERE 1 = 1 {segment}
            ),
            flagged AS (
                SELECT learner, idx,
                    LAG(idx) OVER (PARTITION BY learner ORDER BY idx) AS prev_idx,
                    LEAD(idx) OVER (PARTITION BY learner ORDER BY idx) AS next_idx
                FROM active
            ),
            people AS (
                SELECT DISTINCT learner FROM active
            ),
            firsts AS (
                SELECT a.learner, (SELECT MIN(e2."OccurredAt") FROM "Events" e2 WHERE e2."LearnerId" = a.learner) AS first_at
                FROM people a
            ){groups}
            {Counts("NULL", "")}{groupCounts}
            """;
        var rows = await AnalyticsSql.QueryAsync(db, sql, parameters, r => (
            Group: r.IsDBNull(0) ? null : r.GetString(0), Idx: Convert.ToInt32(r.GetValue(1)), New: Convert.ToInt32(r.GetValue(2)),
            Returning: Convert.ToInt32(r.GetValue(3)), Resurrecting: Convert.ToInt32(r.GetValue(4)), Dormant: Convert.ToInt32(r.GetValue(5))), cancellationToken);

        List<LifecyclePeriod> Periods(string? group)
        {
            var periods = new List<LifecyclePeriod>(starts.Count);
            for (var i = 1; i <= starts.Count; i++)
            {
                var mine = rows.Where(r => r.Idx == i && r.Group == group).ToList();
                periods.Add(new LifecyclePeriod(starts[i - 1], mine.Sum(r => r.New), mine.Sum(r => r.Returning), mine.Sum(r => r.Resurrecting),
                    -mine.Sum(r => r.Dormant), buckets[i].End <= now));
            }
            return periods;
        }

        var groupList = request.Breakdown is null
            ? []
            : rows.Where(r => r.Group is not null).Select(r => r.Group!).Distinct()
                .Select(g => new LifecycleGroup(g, Periods(g)))
                .OrderBy(g => LearnerBreakdowns.SortRank(g.Value))
                .ThenByDescending(g => rows.Where(r => r.Group == g.Value && r.Idx == 0).Sum(r => r.New)).ThenBy(g => g.Value, StringComparer.Ordinal)
                .ToList();
        return new LifecycleReport(request.Period.ToWireName(), Periods(null), request.Breakdown?.ToWireName(), groupList);
    }
}
