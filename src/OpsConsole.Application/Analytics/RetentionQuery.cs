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
        // Each learner's cohort is the last period starting at or before their first cohort event: a CASE over the
        // cohort starts, evaluated once per learner.
        var cohortOf = new StringBuilder("CASE");
        for (var i = 1; i < cohortCount; i++)
        {
            cohortOf.Append($" WHEN first_at < @s{i} THEN {i - 1}");
            parameters[$"@s{i}"] = buckets[i].StartUtc;
        }
        var cohortColumn = cohortCount == 1 ? "0" : cohortOf.Append($" ELSE {cohortCount - 1} END").ToString();
        // A segment narrows the learners, not their history: the first cohort event is still their first ever.
        var segmentFilter = request.SegmentId is null ? "" : "AND \"LearnerId\" IN (SELECT \"LearnerId\" FROM \"SegmentMembers\" WHERE \"SegmentId\" = @segment)";
        var breakdownCtes = request.Breakdown is { } b ? ",\n" + b.LabelSql("members") : "";
        var breakdownCounts = request.Breakdown is null ? "" : """

            UNION ALL
            SELECT labelled.grp, hits.cohort, hits.start, COUNT(*) FROM hits JOIN labelled ON labelled.learner = hits.learner GROUP BY labelled.grp, hits.cohort, hits.start
            UNION ALL
            SELECT grp, cohort, NULL, COUNT(*) FROM labelled GROUP BY grp, cohort
            """;
        // The database returns, per cohort, how many learners came back in each period (by the period's first day), or
        // for "on or after" how many had their latest return in each; placing those days in the cohort's k-th period is
        // done below, on a few hundred rows. CROSS JOIN keeps SQLite reading each learner's activity rows as one range.
        var hits = request.Unbounded
            ? """
                SELECT members.learner, members.cohort, MAX(a."Start") AS start
                FROM members CROSS JOIN "LearnerActivity" a
                WHERE a."LearnerId" = members.learner AND a."Period" = @period AND a."Start" >= @returnsFrom AND (a."Types" & @returnTypes) <> 0
                GROUP BY members.learner, members.cohort
                """
            : """
                SELECT members.learner, members.cohort, a."Start" AS start
                FROM members CROSS JOIN "LearnerActivity" a
                WHERE a."LearnerId" = members.learner AND a."Period" = @period AND a."Start" >= @returnsFrom AND a."Start" <= @returnsTo
                  AND (a."Types" & @returnTypes) <> 0
                """;
        var sql = $"""
            WITH firsts AS (
                -- A learner's cohort is fixed by their first cohort event ever, so the minimum is taken over all time
                -- and only then restricted to the requested cohorts.
                SELECT "LearnerId" AS learner, MIN("OccurredAt") AS first_at
                FROM "Events"
                WHERE "Type" = @cohortType {segmentFilter}
                GROUP BY "LearnerId"
                HAVING MIN("OccurredAt") >= @cohortStart AND MIN("OccurredAt") < @cohortEnd
            ),
            members AS MATERIALIZED (
                SELECT learner, {cohortColumn} AS cohort FROM firsts
            ),
            hits AS {(request.Breakdown is null ? "" : "MATERIALIZED ")}(
            {hits}
            ){breakdownCtes}
            SELECT NULL AS grp, cohort, start, COUNT(*) FROM hits GROUP BY cohort, start
            UNION ALL
            SELECT NULL, cohort, NULL, COUNT(*) FROM members GROUP BY cohort{breakdownCounts}
            """;

        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await AnalyticsSql.QueryAsync(db, sql, parameters,
            r => (Group: r.IsDBNull(0) ? null : r.GetString(0), Cohort: Convert.ToInt32(r.GetValue(1)), Start: r.IsDBNull(2) ? (DateOnly?)null : Day(r.GetValue(2)),
                Count: Convert.ToInt32(r.GetValue(3))), ct);

        var index = new Dictionary<DateOnly, int>(buckets.Count);
        for (var i = 0; i < buckets.Count; i++)
        {
            index[buckets[i].Start] = i;
        }
        // Period k of a cohort counts when it has finished and is within the requested number of periods.
        bool Counted(int cohort, int k) => k >= 1 && k <= request.Periods && cohort + k < buckets.Count && buckets[cohort + k].EndUtc <= now;
        var counts = new Dictionary<(string? Group, int Cohort, int K), int>();
        void Add(string? group, int cohort, int k, int n) => counts[(group, cohort, k)] = counts.GetValueOrDefault((group, cohort, k)) + n;
        foreach (var row in rows)
        {
            if (row.Start is not { } start)
            {
                Add(row.Group, row.Cohort, 0, row.Count);
            }
            else if (request.Unbounded)
            {
                // Latest return on or after period k's first day: retained in every period up to that one.
                for (var k = 1; Counted(row.Cohort, k) && buckets[row.Cohort + k].Start <= start; k++)
                {
                    Add(row.Group, row.Cohort, k, row.Count);
                }
            }
            else if (index.TryGetValue(start, out var i) && Counted(row.Cohort, i - row.Cohort))
            {
                Add(row.Group, row.Cohort, i - row.Cohort, row.Count);
            }
        }
        return counts;
    }

    /// <summary>SQLite returns a date as its ISO text, PostgreSQL as a date.</summary>
    private static DateOnly Day(object value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        string text => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Unexpected period start {value}."),
    };

    private readonly record struct Bucket(DateOnly Start, DateTime StartUtc, DateTime EndUtc);
}
