using System.Globalization;
using OpsConsole.Bench.Analytics;

// Times each behaviour query as the product runs it (in-process, as the API does) against the same question asked by a
// hand-written SQL statement through the database's own client, on SQLite and PostgreSQL, and checks both answers agree.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
var scenario = new BenchScenario(options.Learners, options.Days, options.Seed, options.EndDate);
if (options.ShowSql is { } dialectName)
{
    // The hand-written statements exactly as the clients receive them, to read or to run by hand.
    var dialect = Enum.Parse<SqlDialect>(dialectName, ignoreCase: true);
    foreach (var query in BenchQueries.All.Concat(LearnerListQueries.All))
    {
        Console.WriteLine($"-- {query.Name}\n{query.HandWritten(dialect, scenario)};\n");
    }
    return 0;
}
// The learners list is timed on a platform of its own: more learners over fewer days, with profiles built.
var listScenario = new BenchScenario(options.ListLearners, options.ListDays, options.Seed, options.EndDate);
var runs = new List<(BenchScenario Scenario, bool Profiles, string Database, IReadOnlyList<BenchQuery> Queries)>
{
    // Paths read the cleaned steps the profile rebuild keeps, so the analytics platform is built with them too.
    (scenario, true, "analytics_bench", Selected(BenchQueries.All)),
    (listScenario, true, "learners_bench", Selected(LearnerListQueries.All)),
};

var results = new List<QueryResult>();
var failed = false;
foreach (var provider in new[] { "sqlite", "postgresql" }.Where(options.Providers.Contains))
{
    if (provider == "postgresql" && options.PostgresConnectionString is null)
    {
        Console.WriteLine("No --postgres connection string: PostgreSQL is skipped.");
        continue;
    }
    foreach (var run in runs.Where(r => r.Queries.Count > 0))
    {
        BenchPlatform platform = provider == "sqlite"
            ? new SqlitePlatform(options.CacheDirectory)
            : new PostgresPlatform(options.PostgresConnectionString!, run.Database, options.ReusePostgres);
        var events = await platform.PrepareAsync(run.Scenario, run.Profiles);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{platform.Name}: {run.Scenario.Learners:N0} learners, {events:N0} events; load average {Report.LoadAverage()}."));
        if (run.Scenario == scenario && events < Report.TargetEvents)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  NOTE: fewer than the target's {Report.TargetEvents:N0} events; raise --learners or --days."));
        }
        await using var services = platform.Services(run.Scenario, options.Parallelism);
        foreach (var query in run.Queries)
        {
            var result = await new QueryRunner(options.Runs).RunAsync(platform, services, run.Scenario, query, events);
            failed |= !result.Agrees;
            results.Add(result);
        }
    }
}
Report.Print(options, scenario, listScenario, results);
if (failed)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("!!! BENCHMARK FAILED: a hand-written query and the product disagree (see MISMATCH above). !!!");
    return 1;
}
return 0;

IReadOnlyList<BenchQuery> Selected(IReadOnlyList<BenchQuery> all) =>
    [.. all.Where(q => options.Queries.Count == 0 || options.Queries.Any(name => q.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)))];

public sealed class BenchFailedException(string message) : Exception(message);

public sealed record BenchOptions(
    int Learners, int Days, int Seed, DateOnly EndDate, int Runs, string CacheDirectory, string? PostgresConnectionString,
    IReadOnlySet<string> Providers, IReadOnlyList<string> Queries, string? ShowSql, int ListLearners, int ListDays, int Parallelism,
    bool ReusePostgres)
{
    public const string Usage = """
        usage: OpsConsole.Bench.Analytics --cache DIR [--postgres CONNSTR]
               [--learners 50000] [--days 91] [--seed 42] [--end-date 2026-11-22] [--runs 5]
               [--list-learners 100000] [--list-days 14]
               [--providers sqlite,postgresql] [--queries retention,funnel,paths,learners] [--show-sql sqlite|postgresql]
               [--parallelism 0] [--postgres-reuse false]
          --parallelism      connections one query may use (Database:AnalyticsParallelism; 0: one per processor)
          --postgres-reuse   true: use the PostgreSQL database a previous run left on the same server instead of generating it
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }
            values[args[i][2..]] = args[i + 1];
        }
        if (!values.TryGetValue("cache", out var cache))
        {
            return null;
        }
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        string[] List(string name, string fallback) =>
            values.GetValueOrDefault(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new BenchOptions(
            Int("learners", 50_000), Int("days", 91), Int("seed", 42),
            DateOnly.ParseExact(values.GetValueOrDefault("end-date", "2026-11-22"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Int("runs", 5), Path.GetFullPath(cache), values.GetValueOrDefault("postgres"),
            new HashSet<string>(List("providers", "sqlite,postgresql"), StringComparer.OrdinalIgnoreCase), List("queries", ""),
            values.GetValueOrDefault("show-sql"), Int("list-learners", 100_000), Int("list-days", 14), Int("parallelism", 0),
            bool.Parse(values.GetValueOrDefault("postgres-reuse", "false")));
    }
}
