using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// An ordered funnel, matched per learner in the database.
/// <para>
/// For one entry (a first-step event) the earliest possible time of each next step is the earliest event of that step
/// at or after the previous step's time; taking the earliest is never worse, so the entry reaches step k exactly when
/// that greedy chain stays within the window. Each link is one correlated MIN per entry: a single seek on an index that
/// leads with (Type, LearnerId) and ends with OccurredAt, a short scan on (LearnerId, OccurredAt) without one.
/// </para>
/// <para>
/// A learner's best entry is the deepest; among equally deep ones the latest, whose path to that depth is the shortest.
/// An entry followed by another entry before any second-step event can never be best (the later one has the same
/// chain and a later deadline), so such entries are dropped first: a learner's many views shrink to the few that
/// precede a second step.
/// </para>
/// </summary>
public sealed class FunnelQuery(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, PlatformTime time)
{
    public async Task<FunnelReport> RunAsync(FunnelRequest request, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "The funnel");
        var steps = request.Steps;
        var (from, to) = time.ToUtc(new DayRange(request.From, request.To));
        var depths = new int[steps.Count + 1];
        var medians = new double?[steps.Count + 1];
        if (request.From < request.To)
        {
            var dialect = database.Provider == DatabaseProvider.PostgreSql ? Dialect.PostgreSql : Dialect.Sqlite;
            var parameters = new Dictionary<string, object>
            {
                ["@from"] = from,
                ["@to"] = to,
            };
            if (dialect == Dialect.PostgreSql)
            {
                parameters["@window"] = TimeSpan.FromHours(request.WindowHours);
            }
            else
            {
                parameters["@windowMs"] = request.WindowHours * 3_600_000L;
                parameters["@windowSlack"] = $"+{request.WindowHours * 3600L + 1} seconds";
            }
            for (var i = 0; i < steps.Count; i++)
            {
                parameters[$"@step{i + 1}"] = AnalyticsSql.Stored(steps[i]);
            }
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var rows = await AnalyticsSql.QueryAsync(db, Sql(steps.Count, dialect), parameters,
                r => (Kind: r.GetString(0), Step: Convert.ToInt32(r.GetValue(1)), Value: Convert.ToDouble(r.GetValue(2))), cancellationToken);
            foreach (var row in rows)
            {
                if (row.Kind == "depth")
                {
                    depths[row.Step] = (int)row.Value;
                }
                else
                {
                    medians[row.Step] = row.Value;
                }
            }
        }

        var result = new List<FunnelStep>(steps.Count);
        var reached = 0;
        // Reaching step k means reaching every step before it, so step k's count is the learners of depth k or more.
        var counts = new int[steps.Count + 1];
        for (var k = steps.Count; k >= 1; k--)
        {
            reached += depths[k];
            counts[k] = reached;
        }
        for (var k = 1; k <= steps.Count; k++)
        {
            result.Add(new FunnelStep(
                steps[k - 1].ToWireName(),
                counts[k],
                k == 1 ? null : medians[k],
                k == 1 ? null : Ratio(counts[k], counts[k - 1]),
                k == 1 ? null : Ratio(counts[k], counts[1])));
        }
        return new FunnelReport(result, request.WindowHours);
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private enum Dialect { Sqlite, PostgreSql }

    /// <summary>The statement for <paramref name="n"/> steps: one CTE per link of the chain, then depth counts and medians.</summary>
    private static string Sql(int n, Dialect dialect)
    {
        // SQLite keeps timestamps as ISO text and has no interval type: the deadline bound handed to the index is
        // one second generous (text compared at millisecond precision) and the exact window test is on milliseconds.
        string Bound(string t1) => dialect == Dialect.PostgreSql
            ? $"{t1} + @window"
            : $"strftime('%Y-%m-%d %H:%M:%f', {t1}, @windowSlack)";
        string Ms(string t) => $"CAST(ROUND((julianday({t}) - 2440587.5) * 86400000.0) AS INTEGER)";
        string Within(int k) => dialect == Dialect.PostgreSql
            ? $"t{k} IS NOT NULL"
            : $"t{k} IS NOT NULL AND {Ms($"t{k}")} - {Ms("t1")} <= @windowMs";
        string Seconds(string a, string b) => dialect == Dialect.PostgreSql
            ? $"CAST(EXTRACT(EPOCH FROM ({b} - {a})) AS double precision)"
            : $"({Ms(b)} - {Ms(a)}) / 1000.0";

        var sql = new StringBuilder($$"""
            WITH marks AS (
                SELECT "LearnerId" AS learner, "OccurredAt" AS t, CASE WHEN "Type" = @step1 THEN 1 ELSE 2 END AS step
                FROM "Events"
                WHERE "OccurredAt" >= @from AND "OccurredAt" < @to AND "Type" IN (@step1, @step2)
            ),
            entries AS (
                -- Keep an entry only when the learner's next mark is a second step (or there is none); at equal times
                -- the entry sorts first, since a second step at the same instant still follows it.
                SELECT learner, t AS t1 FROM (
                    SELECT learner, t, step, LEAD(step) OVER (PARTITION BY learner ORDER BY t, step) AS next_step FROM marks
                ) m
                WHERE step = 1 AND (next_step IS NULL OR next_step = 2)
            ),
            chain1 AS (SELECT learner, t1 FROM entries)
            """);
        // Each link is materialized: inlined, every later mention of t{k} would repeat its subquery (and the
        // subqueries nest), which makes long funnels exponentially slow.
        for (var k = 2; k <= n; k++)
        {
            sql.Append($$"""
                ,
                chain{{k}} AS MATERIALIZED (
                    SELECT c.*, (
                        SELECT MIN(e."OccurredAt") FROM "Events" e
                        WHERE e."LearnerId" = c.learner AND e."Type" = @step{{k}}
                          AND e."OccurredAt" >= c.t{{k - 1}} AND e."OccurredAt" <= {{Bound("c.t1")}}
                    ) AS t{{k}}
                    FROM chain{{k - 1}} c
                )
                """);
        }
        var depth = new StringBuilder("CASE");
        for (var k = 2; k <= n; k++)
        {
            depth.Append($" WHEN NOT ({Within(k)}) THEN {k - 1}");
        }
        depth.Append($" ELSE {n} END");
        var durations = string.Join("\n    UNION ALL\n    ",
            Enumerable.Range(2, n - 1).Select(k => $"SELECT {k} AS step, {Seconds($"t{k - 1}", $"t{k}")} AS secs FROM best WHERE depth >= {k}"));

        sql.Append($$"""
            ,
            scored AS (
                SELECT chain{{n}}.*, {{depth}} AS depth FROM chain{{n}}
            ),
            best AS (
                SELECT * FROM (
                    SELECT scored.*, ROW_NUMBER() OVER (PARTITION BY learner ORDER BY depth DESC, t1 DESC) AS pick FROM scored
                ) ranked
                WHERE pick = 1
            ),
            durations AS (
                {{durations}}
            ),
            ordered AS (
                SELECT step, secs, ROW_NUMBER() OVER (PARTITION BY step ORDER BY secs) AS rn, COUNT(*) OVER (PARTITION BY step) AS cnt
                FROM durations
            )
            SELECT 'depth' AS kind, depth AS step, CAST(COUNT(*) AS double precision) AS value FROM best GROUP BY depth
            UNION ALL
            -- The median: the middle value, or the mean of the two middle ones.
            SELECT 'median', step, AVG(secs) FROM ordered WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY step
            """);
        return sql.ToString();
    }
}
