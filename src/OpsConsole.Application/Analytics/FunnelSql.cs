using System.Text;

namespace OpsConsole.Analytics;

/// <summary>
/// How a funnel's chains are found; every plan gives the same best entries, only the number of index seeks differs.
/// </summary>
/// <param name="Prune">First steps outnumber second steps: drop, before any seek, the entries a later entry dominates; or,
/// on PostgreSQL with a rare step r, find the learners who stop before it by walking back from step r - 1.</param>
/// <param name="Rare">0, or the step (2..n) whose events are rare enough to start from: learners who reach it are
/// found by walking back from its events, and only the others are followed forward from every entry.</param>
internal sealed record FunnelPlan(bool Prune, int Rare)
{
    /// <summary>
    /// The plan for step types seen <paramref name="counts"/> times (by step, 1-based; index 0 unused) in a sample of
    /// the range's events. Starting from the rare step r costs about r + n - 2 seeks per rare event (r - 1 back to an
    /// entry, n - 1 forward again); following every entry forward costs n - 1 per entry (per second step when pruned).
    /// </summary>
    public static FunnelPlan Choose(IReadOnlyList<long> counts)
    {
        var n = counts.Count - 1;
        var prune = n >= 2 && counts[1] > counts[2];
        var forward = (prune ? counts[2] : counts[1]) * (n - 1);
        var rare = 0;
        var cheapest = forward;
        for (var r = 2; r <= n; r++)
        {
            // Half the forward cost at least: the phase that follows the remaining learners forward is not free.
            var cost = counts[r] * (r + n - 2) * 2;
            if (cost < cheapest)
            {
                (rare, cheapest) = (r, cost);
            }
        }
        return new FunnelPlan(prune, rare);
    }
}

/// <summary>
/// The statement behind a funnel: the CTEs up to <c>best</c>, each learner's best entry with its step times
/// <c>t1</c>..<c>tn</c> and its <c>depth</c>.
/// <para>
/// For one entry (a first-step event) the earliest possible time of each next step is the earliest event of that step
/// at or after the previous step's time; taking the earliest is never worse, so the entry reaches step k exactly when
/// that greedy chain stays within the window. Each link is one seek on (Type, LearnerId, OccurredAt), made only while
/// the chain is still inside the window. A learner's best entry is the deepest; among equally deep ones the latest.
/// </para>
/// <para>
/// Following every entry forward costs a seek per entry and step, and most of them serve learners who never reach the
/// rare steps (a purchase). So when a step r is rare, the learners who reach it are found from its events instead:
/// from an event x of step r, walking back to the latest event of each earlier step gives the latest entry with a
/// chain ending at x. If any entry reaches depth d ≥ r, the walk back from its own step-r event finds an entry at least
/// as late whose forward chain is no later at every step from r on, so it reaches depth d too: the learner's best
/// entry is among those found this way, and only they are followed forward. The learners with none reach at most step
/// r - 1, and are followed forward from every entry, but no further than that.
/// </para>
/// </summary>
internal static class FunnelSql
{
    /// <param name="slice">The learners this statement covers; every source of entries and chains is limited to them.</param>
    public static string Prefix(int n, bool postgres, bool segment, FunnelPlan plan, LearnerSlice slice) =>
        postgres ? new PostgresFunnel(n, Members(segment, slice), plan).Build() : new SqliteFunnel(n, Members(segment, slice), plan).Build();

    /// <summary>Milliseconds since the epoch of a SQLite timestamp, which SQLite keeps as ISO text.</summary>
    public static string Ms(string t) => $"CAST(ROUND((julianday({t}) - 2440587.5) * 86400000.0) AS INTEGER)";

    /// <summary>The earliest event of step k at or after <paramref name="previous"/> for the row's learner.</summary>
    private static string Forward(int k, string previous, string guard = "") => $$"""
        SELECT e."OccurredAt" AS t{{k}} FROM "Events" e
                WHERE {{guard}}e."Type" = @step{{k}} AND e."LearnerId" = c.learner AND e."OccurredAt" >= {{previous}}
                ORDER BY e."OccurredAt" LIMIT 1
        """;

    /// <summary>
    /// The latest event of step j at or before <paramref name="next"/> for the row's learner; for the first step, before
    /// To (<paramref name="entries"/> adds what else an entry must satisfy).
    /// </summary>
    private static string Back(int j, string next, string guard, string entries) => $$"""
        SELECT e."OccurredAt" AS u{{j}} FROM "Events" e
                WHERE {{guard}}e."Type" = @step{{j}} AND e."LearnerId" = c.learner AND e."OccurredAt" <= {{next}}{{(j == 1 ? entries : "")}}
                ORDER BY e."OccurredAt" DESC LIMIT 1
        """;

    private static string Times(int n) => string.Join(", ", Enumerable.Range(1, n).Select(k => $"t{k}"));

    /// <summary>The step times of a chain that stops after <paramref name="last"/>: later steps are NULL.</summary>
    private static string TimesUpTo(int n, int last) =>
        string.Join(", ", Enumerable.Range(1, n).Select(k => k <= last ? $"t{k}" : $"NULL AS t{k}"));

    private static string Members(bool segment, LearnerSlice slice) =>
        (segment ? "AND \"LearnerId\" IN (SELECT \"LearnerId\" FROM \"SegmentMembers\" WHERE \"SegmentId\" = @segment)" : "") + slice.Filter("\"LearnerId\"");

    /// <summary>
    /// SQLite has no LATERAL: each link is a materialized step. Inlined, every later mention of a step time would
    /// repeat its subquery (and the subqueries nest), which makes long funnels exponentially slow. SQLite keeps
    /// timestamps as ISO text and has no interval type, so the window is tested on milliseconds against a deadline
    /// computed once per entry.
    /// </summary>
    private sealed class SqliteFunnel(int n, string members, FunnelPlan plan)
    {
        private readonly StringBuilder _sql = new("WITH ");
        private readonly string _members = members;
        private bool _first = true;

        // A leading + keeps SQLite on the covering (Type, LearnerId, OccurredAt) index for a type's events in a range,
        // instead of the (OccurredAt) one, which would look every event of the range up in the table.
        private const string At = "+\"OccurredAt\"";

        // To stays out of the seek's index range (a filter): as its bound, the seek would start at To and walk back over
        // the learner's later first steps, which it skips only from the step it walks back from.
        private const string SqliteEntry = " AND e.\"OccurredAt\" >= @from AND +e.\"OccurredAt\" < @to";

        private static string Within(int k) => $"t{k} IS NOT NULL AND {Ms($"t{k}")} <= deadline";

        public string Build()
        {
            string chains;
            if (plan.Rare == 0)
            {
                chains = $"SELECT learner, {Times(n)}, deadline FROM {Entries(n, "")}";
            }
            else
            {
                var deep = Deep(plan.Rare);
                var rest = Entries(plan.Rare - 1, "AND \"LearnerId\" NOT IN (SELECT learner FROM cands)");
                chains = $"SELECT learner, {Times(n)}, deadline FROM {deep}\n    UNION ALL\n    SELECT learner, {TimesUpTo(n, plan.Rare - 1)}, deadline FROM {rest}";
            }
            var depth = new StringBuilder("CASE");
            for (var k = 2; k <= n; k++)
            {
                depth.Append($" WHEN NOT ({Within(k)}) THEN {k - 1}");
            }
            depth.Append($" ELSE {n} END");
            // The best entry per learner: the deepest, then the latest. MAX over one key picks it, and its row also
            // gives the other (bare) columns: one sort, not a window pass.
            Cte("scored", $"SELECT chains.*, {depth} AS depth FROM (\n    {chains}\n) chains");
            Cte("best", $$"""
                SELECT learner, depth, {{Times(n)}} FROM (
                        SELECT learner, depth, {{Times(n)}}, MAX(depth * 100000000000000 + deadline) FROM scored GROUP BY learner
                    ) picked
                """, materialized: true);
            return _sql.ToString();
        }

        /// <summary>Every entry (of the learners <paramref name="learners"/> allows) followed forward up to step <paramref name="last"/>.</summary>
        private string Entries(int last, string learners)
        {
            if (last == 1)
            {
                // Nobody here gets past the first step: their latest entry is their best.
                Cte("entries", $"""
                    SELECT "LearnerId" AS learner, MAX("OccurredAt") AS t1, 0 AS deadline
                        FROM "Events" WHERE "Type" = @step1 AND {At} >= @from AND {At} < @to {_members} {learners} GROUP BY "LearnerId"
                    """);
                return "entries";
            }
            string source;
            int next;
            if (plan.Prune)
            {
                // For each second step only the latest entry at or before it can be best: the earlier ones share its
                // chain and have earlier deadlines. So the search starts from the second steps that can fall in a
                // window (From up to To plus the window) and finds that entry with one backward seek each, instead of a
                // forward seek per entry; the entry's second step is the earliest one that found it. A learner with no
                // entry followed in time by a second step still entered: their latest entry stands in, at depth 1.
                Cte("last1", $$"""
                    SELECT l."LearnerId" AS learner, l."OccurredAt" AS t2, ({{Back(1, "l.\"OccurredAt\"", "", SqliteEntry).Replace("c.learner", "l.\"LearnerId\"", StringComparison.Ordinal)}}) AS t1
                        FROM "Events" l
                        WHERE l."Type" = @step2 AND {{At.Replace("+", "+l.", StringComparison.Ordinal)}} >= @from AND {{At.Replace("+", "+l.", StringComparison.Ordinal)}} <= strftime('%Y-%m-%d %H:%M:%f', @to, @windowSlack) {{_members.Replace("\"LearnerId\" IN", "l.\"LearnerId\" IN", StringComparison.Ordinal)}} {{learners.Replace("\"LearnerId\" NOT IN", "l.\"LearnerId\" NOT IN", StringComparison.Ordinal)}}
                    """, materialized: true);
                Cte("pruned", $$"""
                    SELECT learner, t1, {{Ms("t1")}} + @windowMs AS deadline, MIN(t2) AS t2 FROM last1 WHERE t1 IS NOT NULL GROUP BY learner, t1
                        UNION ALL
                        SELECT "LearnerId", MAX("OccurredAt"), 0, NULL
                        FROM "Events" WHERE "Type" = @step1 AND {{At}} >= @from AND {{At}} < @to {{_members}} {{learners}} GROUP BY "LearnerId"
                    """, materialized: true);
                (source, next) = ("pruned", 3);
            }
            else
            {
                Cte("entries", $"""
                    SELECT "LearnerId" AS learner, "OccurredAt" AS t1, {Ms("\"OccurredAt\"")} + @windowMs AS deadline
                        FROM "Events" WHERE "Type" = @step1 AND {At} >= @from AND {At} < @to {_members} {learners}
                    """);
                (source, next) = ("entries", 2);
            }
            return Follow("forward", source, next, last);
        }

        /// <summary>
        /// The learners who reach step <paramref name="r"/>: from each of its events that can fall in a window, back to
        /// the latest entry whose chain ends there (<c>cands</c>), then forward from those entries to the last step.
        /// </summary>
        private string Deep(int r)
        {
            Cte("ends", $"""
                SELECT "LearnerId" AS learner, "OccurredAt" AS u{r}, {Ms("\"OccurredAt\"")} - @windowMs AS earliest
                    FROM "Events" WHERE "Type" = @step{r} AND {At} >= @from AND {At} <= strftime('%Y-%m-%d %H:%M:%f', @to, @windowSlack) {_members}
                """, materialized: true);
            var source = "ends";
            for (var j = r - 1; j >= 1; j--)
            {
                // A walk that already left the window (the step found is older than the window allows) goes no further.
                var guard = j == r - 1 ? "" : $"CASE WHEN u{j + 1} IS NOT NULL AND {Ms($"u{j + 1}")} >= earliest THEN ";
                Cte($"back{j}", $"SELECT c.*, {guard}({Back(j, $"c.u{j + 1}", "", SqliteEntry)}){(guard.Length > 0 ? " END" : "")} AS u{j} FROM {source} c",
                    materialized: true);
                source = $"back{j}";
            }
            // When the rare step is the last, every entry found reaches the end, and the latest of them is the best.
            Cte("cands", r == n
                ? $"SELECT learner, MAX(u1) AS t1, {Ms("MAX(u1)")} + @windowMs AS deadline FROM {source} WHERE u1 IS NOT NULL AND {Ms("u1")} >= earliest GROUP BY learner"
                : $"SELECT learner, u1 AS t1, {Ms("u1")} + @windowMs AS deadline FROM {source} WHERE u1 IS NOT NULL AND {Ms("u1")} >= earliest GROUP BY learner, u1",
                materialized: true);
            return Follow("deep", "cands", 2, n);
        }

        /// <summary>Looks up steps <paramref name="from"/>..<paramref name="to"/> of every chain in <paramref name="source"/>.</summary>
        private string Follow(string name, string source, int from, int to)
        {
            for (var k = from; k <= to; k++)
            {
                var lookup = $"({Forward(k, $"c.t{k - 1}")})";
                Cte($"{name}{k}", $"SELECT c.*, {(k == 2 ? lookup : $"CASE WHEN {Within(k - 1)} THEN {lookup} END")} AS t{k} FROM {source} c",
                    materialized: true);
                source = $"{name}{k}";
            }
            return source;
        }

        private void Cte(string name, string body, bool materialized = false)
        {
            _sql.Append(_first ? "" : ",\n").Append(name).Append(materialized ? " AS MATERIALIZED (\n    " : " AS (\n    ").Append(body).Append("\n)");
            _first = false;
        }
    }

    /// <summary>
    /// PostgreSQL follows every chain in one pass of nested index lookups (LATERAL), with nothing written out between
    /// the links. The lookups carry no bound towards the window's end: each stops at the first event anyway, and the
    /// window is tested on what it found. Such a bound would also make PostgreSQL's estimates for the (LearnerId,
    /// OccurredAt, ...) timeline index as small as for (Type, LearnerId, OccurredAt), and the timeline then wins a tie it
    /// should lose: it walks all of a learner's events in the window to find one of a rare type.
    /// </summary>
    private sealed class PostgresFunnel(int n, string members, FunnelPlan plan)
    {
        private readonly StringBuilder _sql = new("WITH ");
        private readonly string _members = members;
        private bool _first = true;

        private static string Within(int k) => $"t{k} IS NOT NULL AND t{k} <= t1 + @window";

        public string Build()
        {
            if (plan.Rare > 0)
            {
                Cte("best", PerLearner(plan.Rare), materialized: true);
                return _sql.ToString();
            }
            var depth = new StringBuilder("CASE");
            for (var k = 2; k <= n; k++)
            {
                depth.Append($" WHEN NOT ({Within(k)}) THEN {k - 1}");
            }
            depth.Append($" ELSE {n} END");
            Cte("scored", $"SELECT chains.*, {depth} AS depth FROM (\n    {Entries()}\n) chains");
            // The best entry per learner, the deepest and then the latest, with DISTINCT ON: one sort, not a window pass.
            Cte("best", $"SELECT DISTINCT ON (learner) learner, depth, {Times(n)} FROM scored ORDER BY learner, depth DESC, t1 DESC", materialized: true);
            return _sql.ToString();
        }

        /// <summary>A SELECT of every entry followed forward to the last step.</summary>
        private string Entries()
        {
            if (plan.Prune)
            {
                // An entry followed by another entry before any second step has the same chain as the later one and an
                // earlier deadline. PostgreSQL reads both types' events from the covering index and drops such entries
                // in one window pass, which costs less than the index lookups it saves.
                Cte("marks", $"""
                    SELECT "LearnerId" AS learner, "OccurredAt" AS t, 1 AS step
                        FROM "Events" WHERE "Type" = @step1 AND "OccurredAt" >= @from AND "OccurredAt" < @to {_members}
                        UNION ALL
                        SELECT "LearnerId", "OccurredAt", 2
                        FROM "Events" WHERE "Type" = @step2 AND "OccurredAt" >= @from AND "OccurredAt" < @to {_members}
                    """);
                // Keep an entry only when the learner's next mark is a second step (or there is none); at equal times
                // the entry sorts first, since a second step at the same instant still follows it.
                Cte("entries", """
                    SELECT learner, t AS t1 FROM (
                            SELECT m.*, LEAD(step) OVER (PARTITION BY learner ORDER BY t, step) AS next_step FROM marks m
                        ) m
                        WHERE step = 1 AND (next_step IS NULL OR next_step = 2)
                    """);
            }
            else
            {
                Cte("entries", $"""
                    SELECT "LearnerId" AS learner, "OccurredAt" AS t1
                        FROM "Events" WHERE "Type" = @step1 AND "OccurredAt" >= @from AND "OccurredAt" < @to {_members}
                    """);
            }
            return $"SELECT c.learner, c.t1{string.Concat(Enumerable.Range(2, n - 1).Select(k => $", x{k}.t{k}"))} FROM entries c{ForwardJoins(n)}";
        }

        /// <summary>
        /// Each learner's best entry when step r is rare, found learner by learner, latest first, so that the search
        /// stops as soon as nothing better can follow:
        /// <list type="bullet">
        /// <item><c>b</c>: the learner's step-r events, latest first, each walked back to the latest entry whose chain ends
        /// there, until one lies within the window. Walking back from a later event never finds an earlier entry, so this
        /// is the latest entry that reaches step r; it is followed forward to the end.</item>
        /// <item><c>a</c>: only when <c>b</c> stops short of the last step, the deepest (then latest) of the earlier such
        /// entries that goes further. When only the last step is left, the first one found that reaches it.</item>
        /// <item><c>e</c>, <c>f</c>: learners with no entry reaching step r. <c>e</c> is the latest entry that reaches step
        /// r - 1, looked for latest first: following entries forward, or (<see cref="FunnelPlan.Prune"/>) walking back from
        /// step r - 1 the way <c>b</c> does from step r. <c>f</c>, when there is none, is the deepest and latest of the rest.</item>
        /// </list>
        /// Most learners are settled by their latest rare event or their latest entry: a few index lookups each, where
        /// following every entry and walking back from every rare event would look each of them up.
        /// </summary>
        private string PerLearner(int r)
        {
            var picks = new List<string>();
            var joins = new StringBuilder();
            void Alternative(string alias, string body)
            {
                joins.Append($"\n    LEFT JOIN LATERAL (\n        {body.ReplaceLineEndings("\n    ")}\n    ) {alias} ON TRUE");
                picks.Add(alias);
            }

            Alternative("b", $"""
                SELECT c.x, {Depth(n)} AS depth, c.t1{Found(n)} FROM (
                        {Rare(r, "", "")}
                        ORDER BY c.x DESC LIMIT 1
                    ) c{ForwardJoins(n)}
                """);
            if (r < n)
            {
                // Only a deeper chain beats b, and it must come from an earlier rare event. With one step left the first
                // found is the answer; otherwise the deepest needs them all. "Earlier" is written as a bound on the whole
                // (Type, LearnerId, OccurredAt) key, which only that index can seek on: as a plain bound on OccurredAt,
                // the timeline index looks as good, and it walks back through every event of the learner.
                var (where, sort) = r == n - 1 ? ($"{Reaches(n)}", "c.x DESC") : ($"{Depth(n)} > b.depth", $"{Depth(n)} DESC, c.x DESC");
                Alternative("a", $"""
                    SELECT {Depth(n)} AS depth, c.t1{Found(n)} FROM (
                            {Rare(r, $"b.depth < {n} AND ", $" AND (\"Type\", \"LearnerId\", \"OccurredAt\") < (@step{r}, l.learner, b.x)")}
                        ) c{ForwardJoins(n)}
                        WHERE {where}
                        ORDER BY {sort} LIMIT 1
                    """);
            }
            var rest = "b.x IS NULL AND ";
            if (r - 1 >= 2)
            {
                Alternative("e", plan.Prune
                    // Entries outnumber second steps: walking back from step r - 1, as b does from step r, looks at fewer
                    // events than following entries forward, and a learner without such an event costs one lookup.
                    ? $"""
                        SELECT {r - 1} AS depth, c.t1{Found(r - 1)} FROM (
                                {Rare(r - 1, rest, "")}
                                ORDER BY c.x DESC LIMIT 1
                            ) c{ForwardJoins(r - 1)}
                        """
                    : $"""
                        SELECT {r - 1} AS depth, c.t1{Found(r - 1)} FROM ({EntriesOf(rest)}) c{ForwardJoins(r - 1)}
                            WHERE {Reaches(r - 1)}
                            ORDER BY c.t1 DESC LIMIT 1
                        """);
                rest += "e.depth IS NULL AND ";
            }
            Alternative("f", r - 1 >= 3
                ? $"""
                    SELECT {Depth(r - 2)} AS depth, c.t1{Found(r - 2)} FROM ({EntriesOf(rest)}) c{ForwardJoins(r - 2)}
                        ORDER BY {Depth(r - 2)} DESC, c.t1 DESC LIMIT 1
                    """
                // Nobody here gets past the first step: their latest entry is their best.
                : $"SELECT 1 AS depth, c.t1{Found(1)} FROM ({EntriesOf(rest)}) c ORDER BY c.t1 DESC LIMIT 1");

            // a is looked at before b: it exists only when it beats b.
            List<string> order = [.. picks.Where(p => p == "a"), .. picks.Where(p => p != "a")];
            string Pick(string column) =>
                "CASE" + string.Concat(order[..^1].Select(p => $" WHEN {p}.depth IS NOT NULL THEN {p}.{column}")) + $" ELSE {order[^1]}.{column} END";
            return $"""
                SELECT l.learner, {Pick("depth")} AS depth, {string.Join(", ", Enumerable.Range(1, n).Select(k => $"{Pick($"t{k}")} AS t{k}"))}
                    FROM (SELECT DISTINCT "LearnerId" AS learner FROM "Events" WHERE "Type" = @step1 AND "OccurredAt" >= @from AND "OccurredAt" < @to {_members}) l{joins}
                """;
        }

        /// <summary>
        /// The chains that end at the learner's step-r events (<c>c.x</c>), walked back to their entry <c>c.t1</c>, latest
        /// event first, keeping those within the window; <paramref name="gate"/> and <paramref name="bound"/> narrow the events.
        /// </summary>
        private static string Rare(int r, string gate, string bound)
        {
            var joins = new StringBuilder();
            for (var j = r - 1; j >= 1; j--)
            {
                var next = j == r - 1 ? "c.x" : $"y{j + 1}.u{j + 1}";
                // A walk that already left the window (the step found is older than the window allows) goes no further.
                var guard = j == r - 1 ? "" : $"{next} >= c.x - @window AND ";
                // From is tested on the entry found, not in the seek: as a bound there, it makes the (LearnerId, OccurredAt, ...)
                // timeline index look as selective as (Type, LearnerId, OccurredAt), and walking a learner's whole timeline
                // back to the latest entry costs three times the seek.
                joins.Append($"\n        LEFT JOIN LATERAL ({Back(j, next, guard, " AND e.\"OccurredAt\" < @to")}) y{j} ON TRUE");
            }
            return $"""
                SELECT c.learner, c.x, y1.u1 AS t1
                        FROM (SELECT "LearnerId" AS learner, "OccurredAt" AS x FROM "Events"
                            WHERE {gate}"Type" = @step{r} AND "LearnerId" = l.learner AND "OccurredAt" >= @from AND "OccurredAt" <= @to + @window{bound}) c{joins}
                        WHERE y1.u1 >= @from AND y1.u1 >= c.x - @window
                """;
        }

        /// <summary>The learner's entries, as chain starts (<c>learner</c>, <c>t1</c>).</summary>
        private static string EntriesOf(string gate) => $"""
            SELECT "LearnerId" AS learner, "OccurredAt" AS t1 FROM "Events"
                        WHERE {gate}"Type" = @step1 AND "LearnerId" = l.learner AND "OccurredAt" >= @from AND "OccurredAt" < @to
            """;

        /// <summary>The lookups of steps 2..<paramref name="last"/> of each chain <c>c</c> (<c>c.learner</c>, <c>c.t1</c>).</summary>
        private static string ForwardJoins(int last) => string.Concat(Enumerable.Range(2, last - 1).Select(k => $"""

                LEFT JOIN LATERAL ({(k == 2 ? Forward(k, "c.t1") : Forward(k, $"x{k - 1}.t{k - 1}", $"x{k - 1}.t{k - 1} <= c.t1 + @window AND "))}) x{k} ON TRUE
            """));

        /// <summary>Steps 2..n found by <see cref="ForwardJoins"/> up to <paramref name="last"/>, NULL after it.</summary>
        private string Found(int last) => string.Concat(Enumerable.Range(2, n - 1).Select(k => k <= last ? $", x{k}.t{k}" : $", NULL::timestamptz AS t{k}"));

        private static string Reaches(int k) => $"x{k}.t{k} IS NOT NULL AND x{k}.t{k} <= c.t1 + @window";

        /// <summary>How deep a chain of <see cref="ForwardJoins"/> up to <paramref name="last"/> goes.</summary>
        private static string Depth(int last) =>
            "CASE" + string.Concat(Enumerable.Range(2, last - 1).Select(k => $" WHEN NOT ({Reaches(k)}) THEN {k - 1}")) + $" ELSE {last} END";

        private void Cte(string name, string body, bool materialized = false)
        {
            _sql.Append(_first ? "" : ",\n").Append(name).Append(materialized ? " AS MATERIALIZED (\n    " : " AS (\n    ").Append(body).Append("\n)");
            _first = false;
        }
    }
}
