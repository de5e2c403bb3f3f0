using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Analytics;

/// <summary>
/// How many days of a week (or month) learners come back. Every platform day of the finished periods is passed in as a
/// UTC interval; the database finds the distinct (learner, day) pairs with one range scan on the OccurredAt index per
/// day and returns only the histogram. Periods still running are left out: a half-finished week would read as lower
/// stickiness.
/// </summary>
public sealed class StickinessQuery(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, PlatformTime time)
{
    public async Task<StickinessReport> RunAsync(StickinessRequest request, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "Stickiness");
        if (request.Period == CalendarPeriod.Day)
        {
            throw new AnalyticsParameterException("period", "Stickiness counts days within a week or a month.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await JourneySql.EnsureSegmentAsync(db, request.SegmentId, cancellationToken);
        var now = time.UtcNow;
        var maxDays = request.Period == CalendarPeriod.Week ? 7 : 31;
        var starts = request.Period.StartsIn(request.From, request.To)
            .Where(s => time.StartOfDayUtc(request.Period.Next(s)) <= now)
            .ToList();
        // Per group (null: every learner) the histogram, and at 0 days the group's learners, by which groups are ordered.
        var counts = new Dictionary<(string? Group, int Days), int>();
        if (starts.Count > 0)
        {
            var days = new List<(DateTime Start, DateTime End)>();
            var periodOf = new List<int>();
            for (var p = 0; p < starts.Count; p++)
            {
                for (var d = starts[p]; d < request.Period.Next(starts[p]); d = d.AddDays(1))
                {
                    days.Add((time.StartOfDayUtc(d), time.StartOfDayUtc(d.AddDays(1))));
                    periodOf.Add(p);
                }
            }
            var parameters = new Dictionary<string, object>();
            var values = JourneySql.Values(days, "d", parameters, i => periodOf[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
            var segment = JourneySql.SegmentFilter("ev.\"LearnerId\"", request.SegmentId, parameters);
            var groups = request.Breakdown is { } breakdown
                ? ",\n" + breakdown.LabelSql("per") + """

                    SELECT NULL AS grp, days, COUNT(*) FROM per GROUP BY days
                    UNION ALL
                    SELECT grp, days, COUNT(*) FROM labelled GROUP BY grp, days
                    UNION ALL
                    SELECT grp, 0, COUNT(DISTINCT learner) FROM labelled GROUP BY grp
                    """
                : "\nSELECT NULL AS grp, days, COUNT(*) FROM per GROUP BY days";
            var sql = $"""
                WITH day(idx, p, s, e) AS ({values}),
                active AS (
                    SELECT DISTINCT ev."LearnerId" AS learner, d.p, d.idx
                    FROM day d JOIN "Events" ev ON ev."OccurredAt" >= d.s AND ev."OccurredAt" < d.e
                    WHERE 1 = 1 {segment}
                ),
                per AS (
                    SELECT learner, p, COUNT(*) AS days FROM active GROUP BY learner, p
                ){groups}
                """;
            var rows = await AnalyticsSql.QueryAsync(db, sql, parameters,
                r => (Group: r.IsDBNull(0) ? null : r.GetString(0), Days: Convert.ToInt32(r.GetValue(1)), Count: Convert.ToInt32(r.GetValue(2))), cancellationToken);
            counts = rows.ToDictionary(r => (r.Group, r.Days), r => r.Count);
        }

        int[] Histogram(string? group) => [.. Enumerable.Range(1, maxDays).Select(d => counts.GetValueOrDefault((group, d)))];

        var groupList = request.Breakdown is null
            ? []
            : counts.Keys.Where(k => k.Group is not null && k.Days == 0)
                .Select(k => (k.Group, Learners: counts[k]))
                .OrderBy(g => LearnerBreakdowns.SortRank(g.Group!)).ThenByDescending(g => g.Learners).ThenBy(g => g.Group, StringComparer.Ordinal)
                .Select(g => new StickinessGroup(g.Group!, Histogram(g.Group)))
                .ToList();
        return new StickinessReport(request.Period.ToWireName(), starts.Count, Histogram(null), request.Breakdown?.ToWireName(), groupList);
    }
}
