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
    foreach (var query in BenchQueries.All)
    {
        Console.WriteLine($"-- {query.Name}\n{query.HandWritten(dialect, scenario)};\n");
    }
    return 0;
}
var platforms = new List<BenchPlatform>();
if (options.Providers.Contains("sqlite"))
{
    platforms.Add(new SqlitePlatform(options.CacheDirectory));
}
if (options.Providers.Contains("postgresql"))
{
    if (options.PostgresConnectionString is { } pg)
    {
        platforms.Add(new PostgresPlatform(pg));
    }
    else
    {
        Console.WriteLine("No --postgres connection string: PostgreSQL is skipped.");
    }
}
var queries = BenchQueries.All.Where(q => options.Queries.Count == 0 || options.Queries.Any(name => q.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase))).ToList();

var results = new List<QueryResult>();
var failed = false;
foreach (var platform in platforms)
{
    var events = await platform.PrepareAsync(scenario);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{platform.Name}: {events:N0} events; load average {Report.LoadAverage()}."));
    if (events < Report.TargetEvents)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  NOTE: fewer than the target's {Report.TargetEvents:N0} events; raise --learners or --days."));
    }
    await using var services = platform.Services(scenario);
    foreach (var query in queries)
    {
        var result = await new QueryRunner(options.Runs).RunAsync(platform, services, scenario, query, events);
        failed |= !result.Agrees;
        results.Add(result);
    }
}
Report.Print(options, scenario, results);
if (failed)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("!!! BENCHMARK FAILED: a hand-written query and the product disagree (see MISMATCH above). !!!");
    return 1;
}
return 0;

public sealed class BenchFailedException(string message) : Exception(message);

public sealed record BenchOptions(
    int Learners, int Days, int Seed, DateOnly EndDate, int Runs, string CacheDirectory, string? PostgresConnectionString,
    IReadOnlySet<string> Providers, IReadOnlyList<string> Queries, string? ShowSql)
{
    public const string Usage = """
        usage: OpsConsole.Bench.Analytics --cache DIR [--postgres CONNSTR]
               [--learners 50000] [--days 49] [--seed 42] [--end-date 2026-11-22] [--runs 5]
               [--providers sqlite,postgresql] [--queries retention,funnel] [--show-sql sqlite|postgresql]
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
            Int("learners", 50_000), Int("days", 49), Int("seed", 42),
            DateOnly.ParseExact(values.GetValueOrDefault("end-date", "2026-11-22"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Int("runs", 5), Path.GetFullPath(cache), values.GetValueOrDefault("postgres"),
            new HashSet<string>(List("providers", "sqlite,postgresql"), StringComparer.OrdinalIgnoreCase), List("queries", ""),
            values.GetValueOrDefault("show-sql"));
    }
}
