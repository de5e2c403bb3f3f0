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
/// that greedy chain stays within the window. Each link is one correlated lookup per entry of the earliest event at
/// or after the previous step: a single seek on (Type, LearnerId, OccurredAt), made only while the chain is still
/// inside the window.
/// </para>
/// <para>
/// A learner's best entry is the deepest; among equally deep ones the latest, whose path to that depth is the shortest.
/// An entry followed by another entry before any second-step event can never be best (the later one has the same
/// chain and a later deadline), so when first steps outnumber second steps such entries are dropped first: a
/// learner's many views shrink to the few that precede a second step.
/// </para>
/// </summary>
public sealed class FunnelQuery(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, PlatformTime time)
{
    public async Task<FunnelReport> RunAsync(FunnelRequest request, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "The funnel");
        var steps = request.Steps;
        // Per group (null: every learner): learners by depth, and medians by step.
        var depths = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var medians = new Dictionary<string, double?[]>(StringComparer.Ordinal);
        const string Total = "";
        depths[Total] = new int[steps.Count + 1];
        medians[Total] = new double?[steps.Count + 1];
        if (request.From < request.To)
        {
            var (dialect, parameters) = Parameters(request);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var prune = await PaysToPruneAsync(db, parameters, cancellationToken);
            var sql = Prefix(steps.Count, dialect, request.SegmentId is not null, prune) + Report(steps.Count, dialect, request.Breakdown);
            var rows = await AnalyticsSql.QueryAsync(db, sql, parameters,
                r => (Kind: r.GetString(0), Group: r.IsDBNull(1) ? null : r.GetString(1), Step: Convert.ToInt32(r.GetValue(2)), Value: Convert.ToDouble(r.GetValue(3))),
                cancellationToken);
            foreach (var row in rows)
            {
                var group = row.Group ?? Total;
                if (!depths.ContainsKey(group))
                {
                    depths[group] = new int[steps.Count + 1];
                    medians[group] = new double?[steps.Count + 1];
                }
                if (row.Kind == "depth")
                {
                    depths[group][row.Step] = (int)row.Value;
                }
                else
                {
                    medians[group][row.Step] = row.Value;
                }
            }
        }

        var groups = request.Breakdown is null
            ? null
            : depths.Keys.Where(g => g != Total)
                .Select(g => new FunnelGroup(g, Steps(steps, depths[g], medians[g])))
                .OrderBy(g => LearnerBreakdowns.SortRank(g.Value)).ThenByDescending(g => g.Steps[0].Learners).ThenBy(g => g.Value, StringComparer.Ordinal)
                .ToList();
        return new FunnelReport(Steps(steps, depths[Total], medians[Total]), request.WindowHours, request.Breakdown?.ToWireName(), groups ?? []);
    }

    /// <summary>
    /// The learners who reached step <paramref name="step"/> (1-based, before the last) and went no further, by the same
    /// best entry the report counts: exactly those behind the drop-off the report shows at that step.
    /// </summary>
    public async Task<FunnelDropouts> DropoutsAsync(FunnelRequest request, int step, int offset, int limit, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "The funnel");
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, request.Steps.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (request.From >= request.To)
        {
            return new FunnelDropouts(step, 0, []);
        }
        var (dialect, parameters) = Parameters(request);
        parameters["@depth"] = step;
        parameters["@offset"] = offset;
        parameters["@limit"] = limit;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var prune = await PaysToPruneAsync(db, parameters, cancellationToken);
        var sql = Prefix(request.Steps.Count, dialect, request.SegmentId is not null, prune) + """

            SELECT NULL AS learner, COUNT(*) AS total FROM best WHERE depth = @depth
            UNION ALL
            SELECT learner, NULL FROM (SELECT learner FROM best WHERE depth = @depth ORDER BY learner LIMIT @limit OFFSET @offset) page
            """;
        var rows = await AnalyticsSql.QueryAsync(db, sql, parameters,
            r => (Learner: r.IsDBNull(0) ? null : r.GetString(0), Total: r.IsDBNull(1) ? 0 : Convert.ToInt32(r.GetValue(1))), cancellationToken);
        var ids = rows.Where(r => r.Learner is not null).Select(r => r.Learner!).Order(StringComparer.Ordinal).ToList();
        return new FunnelDropouts(step, rows.Where(r => r.Learner is null).Sum(r => r.Total), ids);
    }

    private static List<FunnelStep> Steps(IReadOnlyList<Ingestion.EventType> steps, int[] depths, double?[] medians)
    {
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
        return result;
    }

    private (Dialect Dialect, Dictionary<string, object> Parameters) Parameters(FunnelRequest request)
    {
        // Entries count from the start of From up to, not including, the start of To.
        var (from, to) = (time.StartOfDayUtc(request.From), time.StartOfDayUtc(request.To));
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
        for (var i = 0; i < request.Steps.Count; i++)
        {
            parameters[$"@step{i + 1}"] = AnalyticsSql.Stored(request.Steps[i]);
        }
        if (request.SegmentId is { } segment)
        {
            parameters["@segment"] = segment;
        }
        return (dialect, parameters);
    }

    /// <summary>
    /// Whether dropping dominated entries early pays. It does when first steps outnumber second steps (views before a
    /// lesson: many views share the lesson that follows them); when the first step is the rarer one (a search before a
    /// view), nearly every entry survives and the pruning only adds work. The two types are compared on the last events
    /// of the range, a few thousand rows; either answer gives the same result, only the time differs.
    /// </summary>
    private static async Task<bool> PaysToPruneAsync(OpsDbContext db, Dictionary<string, object> parameters, CancellationToken ct)
    {
        const string Sql = """
            SELECT COALESCE(SUM(CASE WHEN "Type" = @step1 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN "Type" = @step2 THEN 1 ELSE 0 END), 0)
            FROM (SELECT "Type" FROM "Events" WHERE "OccurredAt" >= @from AND "OccurredAt" < @to ORDER BY "OccurredAt" DESC LIMIT 4096) recent
            """;
        var counts = await AnalyticsSql.QueryAsync(db, Sql, parameters, r => (First: Convert.ToInt64(r.GetValue(0)), Second: Convert.ToInt64(r.GetValue(1))), ct);
        return counts[0].First > counts[0].Second;
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private enum Dialect { Sqlite, PostgreSql }

    private static string Ms(string t) => $"CAST(ROUND((julianday({t}) - 2440587.5) * 86400000.0) AS INTEGER)";

    /// <summary>
    /// The CTEs up to <c>best</c> for <paramref name="n"/> steps: each learner's best entry, its step times
    /// <c>t1</c>..<c>tn</c> and its <c>depth</c>. <paramref name="segment"/> keeps only the members of <c>@segment</c>;
    /// <paramref name="prune"/> drops, early, the entries a later entry dominates.
    /// </summary>
    private static string Prefix(int n, Dialect dialect, bool segment, bool prune)
    {
        var postgres = dialect == Dialect.PostgreSql;
        // The lookups carry no upper bound: each stops at the first event anyway, and the window is tested on what it
        // found. An upper bound would also make PostgreSQL's estimates for the (LearnerId, OccurredAt, ...) timeline
        // index as small as for (Type, LearnerId, OccurredAt), and the timeline then wins a tie it should lose: it
        // walks all of a learner's events in the window to find one of a rare type. SQLite keeps timestamps as ISO text
        // and has no interval type, so there the window is tested on milliseconds against a deadline computed once per entry.
        // A leading + keeps SQLite on the covering (Type, LearnerId, OccurredAt) index for a type's events in a range,
        // instead of the (OccurredAt) one, which would look every event of the range up in the table.
        var at = postgres ? "\"OccurredAt\"" : "+\"OccurredAt\"";
        string Within(int k) => postgres ? $"t{k} IS NOT NULL AND t{k} <= t1 + @window" : $"t{k} IS NOT NULL AND {Ms($"t{k}")} <= deadline";
        // Only the entries are narrowed: every later step is looked up for an entry's own learner.
        var members = segment ? "AND \"LearnerId\" IN (SELECT \"LearnerId\" FROM \"SegmentMembers\" WHERE \"SegmentId\" = @segment)" : "";

        var sql = new StringBuilder("WITH ");
        if (prune && postgres)
        {
            // An entry followed by another entry before any second step has the same chain as the later one and an
            // earlier deadline. PostgreSQL reads both types' events from the covering index and drops such entries in
            // one window pass, which costs less than the index lookups it saves.
            sql.Append("""
                marks AS (
                    SELECT "LearnerId" AS learner, "OccurredAt" AS t, 1 AS step
                    FROM "Events" WHERE "Type" = @step1 AND "OccurredAt" >= @from AND "OccurredAt" < @to {members}
                    UNION ALL
                    SELECT "LearnerId", "OccurredAt", 2
                    FROM "Events" WHERE "Type" = @step2 AND "OccurredAt" >= @from AND "OccurredAt" < @to {members}
                ),
                chain1 AS (
                    -- Keep an entry only when the learner's next mark is a second step (or there is none); at equal times
                    -- the entry sorts first, since a second step at the same instant still follows it.
                    SELECT learner, t AS t1 FROM (
                        SELECT m.*, LEAD(step) OVER (PARTITION BY learner ORDER BY t, step) AS next_step FROM marks m
                    ) m
                    WHERE step = 1 AND (next_step IS NULL OR next_step = 2)
                )
                """.Replace("{members}", members, StringComparison.Ordinal));
        }
        else if (prune)
        {
            // For each second step only the latest entry at or before it can be best: the earlier ones share its chain
            // and have earlier deadlines. So SQLite starts from the second steps that can fall in a window (From up to
            // To plus the window) and finds that entry with one backward seek each, instead of a forward seek per entry;
            // the entry's second step is the earliest one that found it. To stays out of the seek's index range (the
            // leading +): as its bound, the seek would start at To and walk back over the learner's later first steps.
            // A learner with no entry followed in time by a second step still entered: their latest entry stands in, at
            // depth 1, where no step times are read.
            sql.Append($$"""
                last1 AS MATERIALIZED (
                    SELECT l."LearnerId" AS learner, l."OccurredAt" AS t2, (
                        SELECT v."OccurredAt" FROM "Events" v
                        WHERE v."Type" = @step1 AND v."LearnerId" = l."LearnerId" AND v."OccurredAt" >= @from AND +v."OccurredAt" < @to
                          AND v."OccurredAt" <= l."OccurredAt"
                        ORDER BY v."OccurredAt" DESC LIMIT 1) AS t1
                    FROM "Events" l
                    WHERE l."Type" = @step2 AND +l."OccurredAt" >= @from AND +l."OccurredAt" <= strftime('%Y-%m-%d %H:%M:%f', @to, @windowSlack) {{members}}
                ),
                chain2 AS MATERIALIZED (
                    SELECT learner, t1, {{Ms("t1")}} + @windowMs AS deadline, MIN(t2) AS t2 FROM last1 WHERE t1 IS NOT NULL GROUP BY learner, t1
                    UNION ALL
                    SELECT "LearnerId", MAX("OccurredAt"), 0, NULL
                    FROM "Events" WHERE "Type" = @step1 AND {{at}} >= @from AND {{at}} < @to {{members}} GROUP BY "LearnerId"
                )
                """);
        }
        else
        {
            var deadline = postgres ? "" : $", {Ms("\"OccurredAt\"")} + @windowMs AS deadline";
            sql.Append($$"""
                chain1 AS (
                    SELECT "LearnerId" AS learner, "OccurredAt" AS t1{{deadline}}
                    FROM "Events" WHERE "Type" = @step1 AND {{at}} >= @from AND {{at}} < @to {{members}}
                )
                """);
        }
        // A chain that already left the window is not followed further, and the earliest next event is a single seek
        // on (Type, LearnerId, OccurredAt).
        static string Lookup(int k, string previous, string guard = "") => $$"""
            SELECT e."OccurredAt" AS t{{k}} FROM "Events" e
                    WHERE {{guard}}e."Type" = @step{{k}} AND e."LearnerId" = c.learner AND e."OccurredAt" >= {{previous}}
                    ORDER BY e."OccurredAt" LIMIT 1
            """;
        var last = "chained";
        if (postgres)
        {
            // PostgreSQL follows every entry's chain in one pass of nested index lookups (LATERAL), with nothing
            // written out between the links.
            var joins = string.Concat(Enumerable.Range(2, n - 1).Select(k => $$"""

                    LEFT JOIN LATERAL (
                        {{(k == 2 ? Lookup(k, "c.t1") : Lookup(k, $"x{k - 1}.t{k - 1}", $"x{k - 1}.t{k - 1} <= c.t1 + @window AND "))}}
                    ) x{{k}} ON TRUE
                """));
            var found = string.Join(", ", Enumerable.Range(2, n - 1).Select(k => $"x{k}.t{k}"));
            sql.Append($$"""
                ,
                chained AS (
                    SELECT c.learner, c.t1, {{found}}
                    FROM chain1 c{{joins}}
                )
                """);
        }
        else
        {
            // SQLite has no LATERAL: each link is a materialized step. Inlined, every later mention of t{k} would
            // repeat its subquery (and the subqueries nest), which makes long funnels exponentially slow.
            var source = prune ? "chain2" : "chain1";
            for (var k = prune ? 3 : 2; k <= n; k++)
            {
                var lookup = $"({Lookup(k, $"c.t{k - 1}")})";
                sql.Append($$"""
                    ,
                    chain{{k}} AS MATERIALIZED (
                        SELECT c.*, {{(k == 2 ? lookup : $"CASE WHEN {Within(k - 1)} THEN {lookup} END")}} AS t{{k}}
                        FROM {{source}} c
                    )
                    """);
                source = $"chain{k}";
            }
            last = source;
        }
        var depth = new StringBuilder("CASE");
        for (var k = 2; k <= n; k++)
        {
            depth.Append($" WHEN NOT ({Within(k)}) THEN {k - 1}");
        }
        depth.Append($" ELSE {n} END");
        var times = string.Join(", ", Enumerable.Range(1, n).Select(k => $"t{k}"));
        // The best entry per learner: the deepest, then the latest. PostgreSQL picks it with DISTINCT ON; SQLite with
        // MAX over one key, whose row also gives the other (bare) columns: both cost one sort, not a window pass.
        var best = postgres
            ? $$"""
                SELECT DISTINCT ON (learner) learner, depth, {{times}} FROM scored ORDER BY learner, depth DESC, t1 DESC
                """
            : $$"""
                SELECT learner, depth, {{times}} FROM (
                    SELECT learner, depth, {{times}}, MAX(depth * 100000000000000 + deadline) FROM scored GROUP BY learner
                ) picked
                """;
        sql.Append($$"""
            ,
            scored AS (
                SELECT {{last}}.*, {{depth}} AS depth FROM {{last}}
            ),
            best AS MATERIALIZED (
                {{best}}
            )
            """);
        return sql.ToString();
    }

    /// <summary>
    /// After <see cref="Prefix"/>: learners by depth and the median step times, for everyone (a null group) and, with a
    /// breakdown, per group.
    /// </summary>
    private static string Report(int n, Dialect dialect, LearnerBreakdown? breakdown)
    {
        string Seconds(string a, string b) => dialect == Dialect.PostgreSql
            ? $"CAST(EXTRACT(EPOCH FROM ({b} - {a})) AS double precision)"
            : $"({Ms(b)} - {Ms(a)}) / 1000.0";
        var times = string.Join(", ", Enumerable.Range(1, n).Select(k => $"t{k}"));
        var durations = string.Join("\n    UNION ALL\n    ",
            Enumerable.Range(2, n - 1).Select(k => $"SELECT grp, {k} AS step, {Seconds($"t{k - 1}", $"t{k}")} AS secs FROM scope WHERE depth >= {k}"));
        var groups = breakdown is { } b
            ? $",\n{b.LabelSql("best")},\nscope AS (\n    SELECT NULL AS grp, learner, depth, {times} FROM best\n    UNION ALL\n    SELECT grp, learner, depth, {times} FROM labelled\n)"
            : $",\nscope AS (\n    SELECT NULL AS grp, learner, depth, {times} FROM best\n)";
        return $$"""
            {{groups}},
            durations AS (
                {{durations}}
            ),
            ordered AS (
                SELECT grp, step, secs, ROW_NUMBER() OVER (PARTITION BY grp, step ORDER BY secs) AS rn, COUNT(*) OVER (PARTITION BY grp, step) AS cnt
                FROM durations
            )
            SELECT 'depth' AS kind, grp, depth AS step, CAST(COUNT(*) AS double precision) AS value FROM scope GROUP BY grp, depth
            UNION ALL
            -- The median: the middle value, or the mean of the two middle ones.
            SELECT 'median', grp, step, AVG(secs) FROM ordered WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY grp, step
            """;
    }
}
