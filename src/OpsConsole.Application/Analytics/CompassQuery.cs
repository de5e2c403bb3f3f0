using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// Which early behaviour predicts retention: for each event type, 4-week retention of the cohort learners who did it in
/// their first week against those who did not (definitions on <see cref="CompassReport"/>). The database returns one
/// row per event type: first cohort events come from an index that leads with (Type, LearnerId); each cohort learner's
/// first week and days 22–28 are two short range scans on (LearnerId, OccurredAt).
/// </summary>
public sealed class CompassQuery(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, PlatformTime time)
{
    private const long DayMs = 24L * 3600 * 1000;
    public const double SignificanceLevel = 0.05;

    public async Task<CompassReport> RunAsync(CompassRequest request, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "Compass");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await JourneySql.EnsureSegmentAsync(db, request.SegmentId, cancellationToken);
        var postgres = JourneySql.IsPostgres(database);
        var parameters = new Dictionary<string, object>
        {
            ["@cohortType"] = AnalyticsSql.Stored(request.CohortEvent),
            ["@from"] = time.StartOfDayUtc(request.From),
            ["@to"] = time.StartOfDayUtc(request.To),
            // Measured once day 28 has ended: t0 + 28 days <= now.
            ["@matureBy"] = time.UtcNow.AddDays(-28),
        };
        var segment = JourneySql.SegmentFilter("\"LearnerId\"", request.SegmentId, parameters);
        var sql = $"""
            WITH firsts AS (
                SELECT "LearnerId" AS learner, MIN("OccurredAt") AS t0
                FROM "Events"
                WHERE "Type" = @cohortType {segment}
                GROUP BY "LearnerId"
                HAVING MIN("OccurredAt") >= @from AND MIN("OccurredAt") < @to
            ),
            cohort AS (
                -- The event that put the learner in the cohort is not early behaviour; a second one at the same instant is.
                SELECT f.learner, f.t0,
                    (SELECT MIN(c."Seq") FROM "Events" c WHERE c."LearnerId" = f.learner AND c."Type" = @cohortType AND c."OccurredAt" = f.t0) AS seq0
                FROM firsts f
                WHERE f.t0 <= @matureBy
            ),
            retained AS (
                SELECT c.learner FROM cohort c
                WHERE EXISTS (
                    SELECT 1 FROM "Events" e
                    WHERE e."LearnerId" = c.learner AND {JourneySql.Within(postgres, "e.\"OccurredAt\"", "c.t0", 21 * DayMs, 28 * DayMs)}
                )
            ),
            early AS (
                SELECT DISTINCT c.learner, e."Type" AS etype
                FROM cohort c JOIN "Events" e ON e."LearnerId" = c.learner
                WHERE e."Seq" <> c.seq0 AND {JourneySql.Within(postgres, "e.\"OccurredAt\"", "c.t0", 0, 7 * DayMs)}
            )
            SELECT 'type' AS kind, early.etype, COUNT(*), SUM(CASE WHEN r.learner IS NULL THEN 0 ELSE 1 END)
            FROM early LEFT JOIN retained r ON r.learner = early.learner
            GROUP BY early.etype
            UNION ALL
            SELECT 'cohort', NULL, (SELECT COUNT(*) FROM cohort), (SELECT COUNT(*) FROM retained)
            UNION ALL
            SELECT 'maturing', NULL, COUNT(*), 0 FROM firsts WHERE t0 > @matureBy
            """;
        var rows = request.From < request.To
            ? await AnalyticsSql.QueryAsync(db, sql, parameters, r => (
                Kind: r.GetString(0), Type: r.IsDBNull(1) ? null : r.GetString(1),
                Count: Convert.ToInt32(r.GetValue(2)), Retained: r.IsDBNull(3) ? 0 : Convert.ToInt32(r.GetValue(3))), cancellationToken)
            : [];
        var measured = rows.Where(r => r.Kind == "cohort").Sum(r => r.Count);
        var retainedAll = rows.Where(r => r.Kind == "cohort").Sum(r => r.Retained);
        var maturing = rows.Where(r => r.Kind == "maturing").Sum(r => r.Count);
        var result = rows.Where(r => r.Kind == "type" && Enum.TryParse<EventType>(r.Type, out _))
            .Select(r => Row(Enum.Parse<EventType>(r.Type!).ToWireName(), r.Count, r.Retained, measured - r.Count, retainedAll - r.Retained))
            .OrderByDescending(r => r.Difference.HasValue).ThenByDescending(r => r.Difference).ThenByDescending(r => r.Did).ThenBy(r => r.Type, StringComparer.Ordinal)
            .ToList();
        return new CompassReport(request.CohortEvent.ToWireName(), measured, retainedAll, maturing, Rate(retainedAll, measured), result);
    }

    internal static CompassRow Row(string type, int did, int didRetained, int didNot, int didNotRetained)
    {
        var a = Rate(didRetained, did);
        var b = Rate(didNotRetained, didNot);
        var p = TwoProportionPValue(didRetained, did, didNotRetained, didNot);
        return new CompassRow(type, did, didRetained, didNot, didNotRetained, a, b, a - b, p, p < SignificanceLevel);
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>
    /// Two-sided p-value of the pooled two-proportion z-test. Null when a group is empty; 1 when both groups are all
    /// retained or none is (no variation to test).
    /// </summary>
    public static double? TwoProportionPValue(int x1, int n1, int x2, int n2)
    {
        if (n1 == 0 || n2 == 0)
        {
            return null;
        }
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0)
        {
            return 1.0;
        }
        var z = Math.Abs((double)x1 / n1 - (double)x2 / n2) / se;
        return Math.Clamp(Erfc(z / Math.Sqrt(2)), 0, 1);
    }

    /// <summary>The complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
