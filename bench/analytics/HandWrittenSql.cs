using System.Globalization;
using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.Bench.Analytics;

/// <summary>
/// The queries as an analyst would write them by hand for the database's own client: every event bucketed by its
/// platform week, every entry followed step by step, every event of the range walked in session order. Semantics are
/// in bench/README.md; the answers must equal the product's. Literal values are inlined, as they would be in a query
/// typed into <c>sqlite3</c> or <c>psql</c>.
/// </summary>
public static class HandWrittenSql
{
    public static string Retention(SqlDialect dialect, BenchScenario s) => Retention(dialect, s, fromActivity: false);

    /// <summary>
    /// The same retention with the returns read from the learners' active weeks the product keeps (<c>LearnerActivity</c>,
    /// period 1 = week, a bit per event type), as an analyst who knows that table would ask it; cohorts still come from
    /// the events.
    /// </summary>
    public static string RetentionFromActivity(SqlDialect dialect, BenchScenario s) => Retention(dialect, s, fromActivity: true);

    private static string Retention(SqlDialect dialect, BenchScenario s, bool fromActivity)
    {
        var r = s.Retention;
        var anyButSignup = LearnerActivity.AllBut(EventType.Signup).ToString(CultureInfo.InvariantCulture);
        var activity = $"""
            SELECT c.learner, c.cohort, a."Start" AS week
                FROM cohorts c JOIN "LearnerActivity" a ON a."LearnerId" = c.learner AND a."Period" = {(int)CalendarPeriod.Week}
                WHERE (a."Types" & {anyButSignup}) <> 0
            """;
        var from = Day(r.From);
        var to = Day(r.To);
        var nowDay = Day(s.EndDate.AddDays(1));
        var weeks = r.Periods;
        return dialect == SqlDialect.Sqlite
            ? $"""
              WITH firsts AS (
                SELECT "LearnerId" AS learner, MIN("OccurredAt") AS first_at
                FROM "Events" WHERE "Type" = 'Signup' GROUP BY "LearnerId"
              ),
              cohorts AS (
                SELECT learner, cohort FROM (
                  SELECT learner, date(first_at, '+8 hours', '-6 days', 'weekday 1') AS cohort FROM firsts
                ) f
                WHERE cohort >= '{from}' AND cohort < '{to}' AND cohort <= '{nowDay}'
              ),
              returns AS (
                {(fromActivity ? activity : """
                SELECT DISTINCT c.learner, c.cohort, date(e."OccurredAt", '+8 hours', '-6 days', 'weekday 1') AS week
                FROM cohorts c JOIN "Events" e ON e."LearnerId" = c.learner
                WHERE e."Type" <> 'Signup'
                """)}
              )
              SELECT cohort, CAST(julianday(week) - julianday(cohort) AS INTEGER) / 7 AS k, COUNT(*) AS learners
              FROM returns
              WHERE week > cohort AND week <= date(cohort, '+{7 * weeks} days') AND date(week, '+7 days') <= '{nowDay}'
              GROUP BY cohort, k
              UNION ALL
              SELECT cohort, 0, COUNT(*) FROM cohorts GROUP BY cohort
              ORDER BY 1, 2
              """
            : $"""
              WITH firsts AS (
                SELECT "LearnerId" AS learner, MIN("OccurredAt") AS first_at
                FROM "Events" WHERE "Type" = 'Signup' GROUP BY "LearnerId"
              ),
              cohorts AS (
                SELECT learner, cohort FROM (
                  SELECT learner, date_trunc('week', first_at AT TIME ZONE '{BenchScenario.Zone}')::date AS cohort FROM firsts
                ) f
                WHERE cohort >= DATE '{from}' AND cohort < DATE '{to}' AND cohort <= DATE '{nowDay}'
              ),
              returns AS (
                {(fromActivity ? activity : $"""
                SELECT DISTINCT c.learner, c.cohort, date_trunc('week', e."OccurredAt" AT TIME ZONE '{BenchScenario.Zone}')::date AS week
                FROM cohorts c JOIN "Events" e ON e."LearnerId" = c.learner
                WHERE e."Type" <> 'Signup'
                """)}
              )
              SELECT cohort, (week - cohort) / 7 AS k, COUNT(*) AS learners
              FROM returns
              WHERE week > cohort AND week <= cohort + {7 * weeks} AND week + 7 <= DATE '{nowDay}'
              GROUP BY cohort, k
              UNION ALL
              SELECT cohort, 0, COUNT(*) FROM cohorts GROUP BY cohort
              ORDER BY 1, 2
              """;
    }

    public static string Funnel(SqlDialect dialect, FunnelRequest f)
    {
        var from = Instant(dialect, BenchScenario.StartOfDayUtc(f.From));
        var to = Instant(dialect, BenchScenario.StartOfDayUtc(f.To));
        var types = f.Steps.Select(t => t.ToString()).ToList();
        var n = types.Count;
        var deadline = dialect == SqlDialect.Sqlite ? $"datetime(x.t1, '+{f.WindowHours} hours')" : $"x.t1 + interval '{f.WindowHours} hours'";
        string Seconds(string a, string b) => dialect == SqlDialect.Sqlite ? $"unixepoch({b}) - unixepoch({a})" : $"EXTRACT(EPOCH FROM {b} - {a})";

        var steps = new List<string>();
        for (var k = 2; k <= n; k++)
        {
            var previous = string.Join(", ", Enumerable.Range(1, k - 1).Select(i => $"t{i}"));
            steps.Add($"""
                s{k} AS MATERIALIZED (
                  SELECT learner, {previous}, (
                    SELECT MIN(e."OccurredAt") FROM "Events" e
                    WHERE e."LearnerId" = x.learner AND e."Type" = '{types[k - 1]}'
                      AND e."OccurredAt" >= x.t{k - 1} AND e."OccurredAt" <= {deadline}
                  ) AS t{k}
                  FROM {(k == 2 ? "entries" : $"s{k - 1}")} x
                )
                """);
        }
        var depth = "CASE " + string.Join(" ", Enumerable.Range(2, n - 1).Select(k => $"WHEN t{k} IS NULL THEN {k - 1}")) + $" ELSE {n} END";
        var durations = string.Join("\n  UNION ALL\n  ",
            Enumerable.Range(2, n - 1).Select(k => $"SELECT {k} AS k, {Seconds($"t{k - 1}", $"t{k}")} AS secs FROM best WHERE depth >= {k}"));
        var medians = dialect == SqlDialect.Sqlite
            ? """
              ranked AS (
                SELECT k, secs, ROW_NUMBER() OVER (PARTITION BY k ORDER BY secs) AS rn, COUNT(*) OVER (PARTITION BY k) AS cnt FROM durations
              ),
              medians AS (
                SELECT k, AVG(secs) AS median FROM ranked WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY k
              )
              """
            : """
              medians AS (
                SELECT k, percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS median FROM durations GROUP BY k
              )
              """;
        return $"""
            WITH entries AS (
              SELECT "LearnerId" AS learner, "OccurredAt" AS t1 FROM "Events"
              WHERE "Type" = '{types[0]}' AND "OccurredAt" >= {from} AND "OccurredAt" < {to}
            ),
            {string.Join(",\n", steps)},
            best AS (
              SELECT * FROM (
                SELECT x.*, {depth} AS depth,
                       ROW_NUMBER() OVER (PARTITION BY learner ORDER BY {depth} DESC, t1 DESC) AS pick
                FROM s{n} x
              ) ranked WHERE pick = 1
            ),
            durations AS (
              {durations}
            ),
            {medians},
            steps(k) AS (VALUES {string.Join(", ", Enumerable.Range(1, n).Select(k => $"({k})"))})
            SELECT st.k, (SELECT COUNT(*) FROM best b WHERE b.depth >= st.k) AS learners, m.median
            FROM steps st LEFT JOIN medians m ON m.k = st.k
            ORDER BY st.k
            """;
    }

    /// <summary>
    /// Paths the textbook way, from the events: number the sessions of every learner who did the event in the range
    /// with a running sum over the gaps (over their whole history, as sessions do not stop at the range's ends), drop
    /// repeats inside a session, and read the next steps with LEAD over each session from each step of the event that
    /// starts in the range; one row per distinct path, and the totals.
    /// </summary>
    public static string Paths(SqlDialect dialect, BenchScenario s)
    {
        var p = s.Paths;
        var from = Instant(dialect, BenchScenario.StartOfDayUtc(p.From));
        var to = Instant(dialect, BenchScenario.StartOfDayUtc(p.To));
        var gap = dialect == SqlDialect.Sqlite
            ? "unixepoch(t) - unixepoch(prev_t) > 1800"
            : "t - prev_t > interval '30 minutes'";
        var names = string.Join(", ", Enumerable.Range(1, p.Steps).Select(k => $"s{k}"));
        var offset = p.Direction == PathDirection.After ? "LEAD" : "LAG";
        var leads = string.Join(",\n         ", Enumerable.Range(1, p.Steps).Select(k => $"{offset}(type, {k}) OVER s AS s{k}"));
        var nulls = string.Join(", ", Enumerable.Range(1, p.Steps).Select(_ => "NULL"));
        return $"""
            WITH ev AS (
              SELECT "LearnerId" AS learner, "Type" AS type, "OccurredAt" AS t, "Seq" AS seq,
                     LAG("Type") OVER w AS prev_type, LAG("OccurredAt") OVER w AS prev_t
              FROM "Events"
              WHERE "LearnerId" IN (SELECT "LearnerId" FROM "Events" WHERE "Type" = '{p.Event}' AND "OccurredAt" >= {from} AND "OccurredAt" < {to})
              WINDOW w AS (PARTITION BY "LearnerId" ORDER BY "OccurredAt", "Seq")
            ),
            flagged AS (
              SELECT ev.*, CASE WHEN prev_t IS NULL OR {gap} THEN 1 ELSE 0 END AS new_session FROM ev
            ),
            sessions AS (
              SELECT flagged.*, SUM(new_session) OVER (PARTITION BY learner ORDER BY t, seq ROWS UNBOUNDED PRECEDING) AS session
              FROM flagged
            ),
            steps AS (
              SELECT * FROM sessions WHERE new_session = 1 OR type <> prev_type
            ),
            paths AS (
              SELECT learner, type, t,
                     {leads}
              FROM steps
              WINDOW s AS (PARTITION BY learner, session ORDER BY t, seq)
            ),
            starts AS (
              SELECT * FROM paths WHERE type = '{p.Event}' AND t >= {from} AND t < {to}
            )
            SELECT 'path' AS kind, {names}, COUNT(*) AS paths, COUNT(DISTINCT learner) AS learners
            FROM starts GROUP BY {names}
            UNION ALL
            SELECT 'total', {nulls}, COUNT(*), COUNT(DISTINCT learner) FROM starts
            """;
    }

    /// <summary>
    /// The same question from the cleaned steps the product keeps (<c>PathSteps</c>), as an analyst who knows that
    /// table would ask it: the steps of the event that start in the range, grouped by the types that follow them.
    /// </summary>
    public static string PathsFromSteps(SqlDialect dialect, BenchScenario s)
    {
        var p = s.Paths;
        var from = Instant(dialect, BenchScenario.StartOfDayUtc(p.From));
        var to = Instant(dialect, BenchScenario.StartOfDayUtc(p.To));
        var side = p.Direction == PathDirection.After ? "Next" : "Prev";
        var names = string.Join(", ", Enumerable.Range(1, p.Steps).Select(k => $"s{k}"));
        var columns = string.Join(", ", Enumerable.Range(1, p.Steps).Select(k => $"\"{side}{k}\" AS s{k}"));
        var nulls = string.Join(", ", Enumerable.Range(1, p.Steps).Select(_ => "NULL"));
        return $"""
            WITH starts AS (
              SELECT "LearnerId" AS learner, {columns}
              FROM "PathSteps"
              WHERE "Type" = {(int)p.Event} AND "At" >= {from} AND "At" < {to}
            )
            SELECT 'path' AS kind, {names}, COUNT(*) AS paths, COUNT(DISTINCT learner) AS learners
            FROM starts GROUP BY {names}
            UNION ALL
            SELECT 'total', {nulls}, COUNT(*), COUNT(DISTINCT learner) FROM starts
            """;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>SQLite stores a whole-second UTC time as 'yyyy-MM-dd HH:mm:ss' text; PostgreSQL takes an explicit offset.</summary>
    private static string Instant(SqlDialect dialect, DateTime utc) => dialect == SqlDialect.Sqlite
        ? $"'{utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}'"
        : $"TIMESTAMPTZ '{utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+00'";
}
