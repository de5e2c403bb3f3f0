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
        var groups = request.Breakdown is { } breakdown ? ",\n" + breakdown.LabelSql("firsts") : "";
        // The same counts per group: a learner keeps one group, so the type rows need no second pass over events.
        var groupCounts = request.Breakdown is null ? "" : """

            UNION ALL
            SELECT 'type', l.grp, early.etype, COUNT(*), SUM(CASE WHEN r.learner IS NULL THEN 0 ELSE 1 END)
            FROM early JOIN labelled l ON l.learner = early.learner LEFT JOIN retained r ON r.learner = early.learner
            GROUP BY l.grp, early.etype
            UNION ALL
            SELECT 'cohort', l.grp, NULL, COUNT(*), SUM(CASE WHEN r.learner IS NULL THEN 0 ELSE 1 END)
            FROM cohort c JOIN labelled l ON l.learner = c.learner LEFT JOIN retained r ON r.learner = c.learner
            GROUP BY l.grp
            UNION ALL
            SELECT 'maturing', grp, NULL, COUNT(*), 0 FROM labelled WHERE t0 > @matureBy GROUP BY grp
            """;
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
            ){groups}
            SELECT 'type' AS kind, NULL AS grp, early.etype, COUNT(*), SUM(CASE WHEN r.learner IS NULL THEN 0 ELSE 1 END)
            FROM early LEFT JOIN retained r ON r.learner = early.learner
            GROUP BY early.etype
            UNION ALL
            SELECT 'cohort', NULL, NULL, (SELECT COUNT(*) FROM cohort), (SELECT COUNT(*) FROM retained)
            UNION ALL
            SELECT 'maturing', NULL, NULL, COUNT(*), 0 FROM firsts WHERE t0 > @matureBy{groupCounts}
            """;
        var rows = request.From < request.To
            ? await AnalyticsSql.QueryAsync(db, sql, parameters, r => (
                Kind: r.GetString(0), Group: r.IsDBNull(1) ? null : r.GetString(1), Type: r.IsDBNull(2) ? null : r.GetString(2),
                Count: Convert.ToInt32(r.GetValue(3)), Retained: r.IsDBNull(4) ? 0 : Convert.ToInt32(r.GetValue(4))), cancellationToken)
            : [];

        (int Measured, int Retained, int Maturing, List<CompassRow> Rows) Figures(string? group)
        {
            var mine = rows.Where(r => r.Group == group).ToList();
            var measured = mine.Where(r => r.Kind == "cohort").Sum(r => r.Count);
            var retained = mine.Where(r => r.Kind == "cohort").Sum(r => r.Retained);
            var maturing = mine.Where(r => r.Kind == "maturing").Sum(r => r.Count);
            var result = mine.Where(r => r.Kind == "type" && Enum.TryParse<EventType>(r.Type, out _))
                .Select(r => Row(Enum.Parse<EventType>(r.Type!).ToWireName(), r.Count, r.Retained, measured - r.Count, retained - r.Retained))
                .OrderByDescending(r => r.Difference.HasValue).ThenByDescending(r => r.Difference).ThenByDescending(r => r.Did).ThenBy(r => r.Type, StringComparer.Ordinal)
                .ToList();
            return (measured, retained, maturing, result);
        }

        var total = Figures(null);
        var groupList = request.Breakdown is null
            ? []
            : rows.Where(r => r.Group is not null).Select(r => r.Group!).Distinct()
                .Select(g => (Value: g, Figures: Figures(g)))
                .Select(g => new CompassGroup(g.Value, g.Figures.Measured, g.Figures.Retained, g.Figures.Maturing, Rate(g.Figures.Retained, g.Figures.Measured), g.Figures.Rows))
                .OrderBy(g => LearnerBreakdowns.SortRank(g.Value)).ThenByDescending(g => g.Measured + g.Maturing).ThenBy(g => g.Value, StringComparer.Ordinal)
                .ToList();
        return new CompassReport(request.CohortEvent.ToWireName(), total.Measured, total.Retained, total.Maturing, Rate(total.Retained, total.Measured), total.Rows,
            request.Breakdown?.ToWireName(), groupList);
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
