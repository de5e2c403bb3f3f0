using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Analytics;

/// <summary>
/// Cohort retention, computed in the database. Period boundaries depend on the platform zone (daylight saving, month
/// lengths), which SQLite cannot compute, so they are computed here and passed in as a small list of UTC instants and
/// first days. First cohort events come from the events, on the index that leads with (Type, LearnerId); returns come
/// from <see cref="LearnerActivity"/>, the periods each learner was active in with the types they had, which the
/// profile rebuild and updater keep: one range read per cohort learner, one row per period they were active in,
/// whatever the number of events.
/// </summary>
public sealed class RetentionQuery(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, PlatformTime time)
{
    public async Task<RetentionReport> RunAsync(RetentionRequest request, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "Cohort retention");
        var now = time.UtcNow;
        var buckets = Buckets(request, now, out var cohortCount);
        var counts = cohortCount == 0
            ? new Dictionary<(string? Group, int Cohort, int K), int>()
            : await CountAsync(request, buckets, cohortCount, now, cancellationToken);

        List<RetentionCohort> Cohorts(string? group)
        {
            var cohorts = new List<RetentionCohort>(cohortCount);
            for (var c = 0; c < cohortCount; c++)
            {
                // Only periods that have ended are reported: a period still running would read as a drop in retention.
                var finished = Enumerable.Range(c + 1, request.Periods).TakeWhile(i => i < buckets.Count && buckets[i].EndUtc <= now).Count();
                var retained = new int[1 + finished];
                for (var k = 0; k < retained.Length; k++)
                {
                    retained[k] = counts.GetValueOrDefault((group, c, k));
                }
                cohorts.Add(new RetentionCohort(buckets[c].Start, retained[0], retained, buckets[c].EndUtc <= now));
            }
            return cohorts;
        }

        var groups = request.Breakdown is null
            ? null
            : counts.Keys.Where(key => key.Group is not null && key.K == 0).Select(key => key.Group!).Distinct()
                .Select(g => new RetentionGroup(g, Cohorts(g)))
                .OrderBy(g => LearnerBreakdowns.SortRank(g.Value)).ThenByDescending(g => g.Cohorts.Sum(c => c.Size)).ThenBy(g => g.Value, StringComparer.Ordinal)
                .ToList();
        return new RetentionReport(request.Period.ToWireName(), Cohorts(null), request.Breakdown?.ToWireName(), groups ?? []);
    }

    /// <summary>
    /// The cohort periods (those that start in [From, To) and have started by now), followed by the finished periods
    /// after the last of them that a cohort can still reach within <see cref="RetentionRequest.Periods"/>.
    /// </summary>
    private List<Bucket> Buckets(RetentionRequest request, DateTime now, out int cohortCount)
    {
        var buckets = new List<Bucket>();
        foreach (var start in request.Period.StartsIn(request.From, request.To))
        {
            var bucket = Period(request.Period, start);
            if (bucket.StartUtc > now)
            {
                break;
            }
            buckets.Add(bucket);
        }
        cohortCount = buckets.Count;
        if (cohortCount == 0)
        {
            return buckets;
        }
        for (var i = 0; i < request.Periods; i++)
        {
            var bucket = Period(request.Period, request.Period.Next(buckets[^1].Start));
            if (bucket.EndUtc > now)
            {
                break;
            }
            buckets.Add(bucket);
        }
        return buckets;
    }

    private Bucket Period(CalendarPeriod period, DateOnly start) =>
        new(start, time.StartOfDayUtc(start), time.StartOfDayUtc(period.Next(start)));

    private async Task<Dictionary<(string? Group, int Cohort, int K), int>> CountAsync(
        RetentionRequest request, List<Bucket> buckets, int cohortCount, DateTime now, CancellationToken ct)
    {
        var parameters = new Dictionary<string, object>
        {
            ["@cohortType"] = AnalyticsSql.Stored(request.CohortEvent),
            ["@cohortStart"] = buckets[0].StartUtc,
            ["@cohortEnd"] = buckets[cohortCount - 1].EndUtc,
            ["@cohortCount"] = cohortCount,
            ["@periods"] = request.Periods,
            ["@now"] = now,
            ["@period"] = (int)request.Period,
            // "any" means any type but the cohort's own: a second sign-up or the purchase that defines the cohort is not a return.
            ["@returnTypes"] = request.ReturnEvent is { } r ? LearnerActivity.Bit(r) : LearnerActivity.AllBut(request.CohortEvent),
            ["@returnsFrom"] = buckets[Math.Min(1, buckets.Count - 1)].Start,
            ["@returnsTo"] = buckets[^1].Start,
        };
        if (request.SegmentId is { } segment)
        {
            parameters["@segment"] = segment;
        }
        var values = new StringBuilder();
        for (var i = 0; i < buckets.Count; i++)
        {
            values.Append(i == 0 ? "VALUES " : ", ").Append($"({i}, @s{i}, @e{i}, @d{i})");
            parameters[$"@s{i}"] = buckets[i].StartUtc;
            parameters[$"@e{i}"] = buckets[i].EndUtc;
            parameters[$"@d{i}"] = buckets[i].Start;
        }
        // A segment narrows the learners, not their history: the first cohort event is still their first ever.
        var segmentFilter = request.SegmentId is null ? "" : "AND \"LearnerId\" IN (SELECT \"LearnerId\" FROM \"SegmentMembers\" WHERE \"SegmentId\" = @segment)";
        var breakdownCtes = request.Breakdown is { } b ? ",\n" + b.LabelSql("members") : "";
        var breakdownCounts = request.Breakdown is null ? "" : """

            UNION ALL
            SELECT labelled.grp, hits.cohort, hits.k, COUNT(*) FROM hits JOIN labelled ON labelled.learner = hits.learner GROUP BY labelled.grp, hits.cohort, hits.k
            UNION ALL
            SELECT grp, cohort, 0, COUNT(*) FROM labelled GROUP BY grp, cohort
            """;
        // Bounded: a return inside the k-th period, which is the learner's activity row starting on that period's first day.
        // Unbounded: a return at its start or any time later, so the k-th period counts when the learner's latest
        // period with a return starts on or after its first day.
        var hits = request.Unbounded
            ? """
                SELECT latest.learner, latest.cohort, cell.k
                FROM (
                    SELECT members.learner, members.cohort, MAX(a."Start") AS last_start
                    FROM members
                    JOIN "LearnerActivity" a ON a."LearnerId" = members.learner AND a."Period" = @period AND a."Start" >= @returnsFrom
                    WHERE (a."Types" & @returnTypes) <> 0
                    GROUP BY members.learner, members.cohort
                ) latest
                JOIN cell ON cell.cohort = latest.cohort AND cell.d <= latest.last_start
                """
            : """
                SELECT members.learner, members.cohort, cell.k
                FROM members
                JOIN "LearnerActivity" a ON a."LearnerId" = members.learner AND a."Period" = @period
                    AND a."Start" >= @returnsFrom AND a."Start" <= @returnsTo
                JOIN cell ON cell.cohort = members.cohort AND cell.d = a."Start"
                WHERE (a."Types" & @returnTypes) <> 0
                """;

        var sql = $"""
            WITH bucket(idx, s, e, d) AS ({values}),
            firsts AS (
                -- A learner's cohort is fixed by their first cohort event ever, so the minimum is taken over all time
                -- and only then restricted to the requested cohorts.
                SELECT "LearnerId" AS learner, MIN("OccurredAt") AS first_at
                FROM "Events"
                WHERE "Type" = @cohortType {segmentFilter}
                GROUP BY "LearnerId"
                HAVING MIN("OccurredAt") >= @cohortStart AND MIN("OccurredAt") < @cohortEnd
            ),
            placed AS (
                -- Sorting first events together with the cohort period starts places each learner in the last period that
                -- started at or before their first event: one sort instead of a range join per learner and period.
                SELECT learner, MAX(idx) OVER (ORDER BY t, kind ROWS UNBOUNDED PRECEDING) AS cohort
                FROM (
                    SELECT learner, first_at AS t, 1 AS kind, NULL AS idx FROM firsts
                    UNION ALL
                    SELECT NULL, s, 0, idx FROM bucket WHERE idx < @cohortCount
                ) timeline
            ),
            members AS MATERIALIZED (
                SELECT learner, cohort FROM placed WHERE learner IS NOT NULL
            ),
            cell AS (
                -- Each finished (cohort, k) period: at most cohorts x periods rows.
                SELECT c.idx AS cohort, b.idx - c.idx AS k, b.d
                FROM bucket c JOIN bucket b ON b.idx > c.idx AND b.idx <= c.idx + @periods
                WHERE c.idx < @cohortCount AND b.e <= @now
            ),
            hits AS MATERIALIZED (
            {hits}
            ){breakdownCtes}
            SELECT NULL AS grp, cohort, k, COUNT(*) FROM hits GROUP BY cohort, k
            UNION ALL
            SELECT NULL, cohort, 0, COUNT(*) FROM members GROUP BY cohort{breakdownCounts}
            """;

        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await AnalyticsSql.QueryAsync(db, sql, parameters,
            r => (Group: r.IsDBNull(0) ? null : r.GetString(0), Cohort: Convert.ToInt32(r.GetValue(1)), K: Convert.ToInt32(r.GetValue(2)), Count: Convert.ToInt32(r.GetValue(3))), ct);
        return rows.ToDictionary(r => (r.Group, r.Cohort, r.K), r => r.Count);
    }

    private readonly record struct Bucket(DateOnly Start, DateTime StartUtc, DateTime EndUtc);
}
