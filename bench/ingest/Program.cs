using System.Diagnostics;
using System.Globalization;
using OpsConsole.Bench.Ingest;

// Loads the same generated events through OpsConsole's ingestion path and through each database's own bulk
// loader, on SQLite and PostgreSQL, and prints events per second side by side.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
Directory.CreateDirectory(options.WorkDirectory);
var ndjsonPath = Path.Combine(options.WorkDirectory, "events.ndjson");
var csvPath = Path.Combine(options.WorkDirectory, "events.csv");

var generation = Stopwatch.StartNew();
var summary = new EventGenerator(options.Events, options.Learners).Write(ndjsonPath, csvPath);
generation.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Generated {summary.Events:N0} events of {summary.Learners:N0} learners over {EventGenerator.WindowDays} days in {generation.Elapsed.TotalSeconds:F1} s " +
    $"(NDJSON {summary.NdjsonBytes / 1048576.0:F0} MiB, CSV {summary.CsvBytes / 1048576.0:F0} MiB)."));

Console.WriteLine($"Load average at start: {Report.LoadAverage()}.");
var databases = new List<BenchDatabase>();
if (options.Providers.Contains("sqlite"))
{
    databases.Add(new SqliteBenchDatabase(options.WorkDirectory));
}
if (options.Providers.Contains("postgresql"))
{
    if (options.PostgresConnectionString is { } pg)
    {
        databases.Add(new PostgresBenchDatabase(pg));
    }
    else
    {
        Console.WriteLine("No --postgres connection string: PostgreSQL is skipped.");
    }
}

var runner = new BenchRunner(options, summary.Learners);
try
{
    if (options.SweepBatchSizes.Count > 0)
    {
        await runner.SweepAsync(databases, ndjsonPath);
        return 0;
    }
    var results = new List<ProviderResult>();
    foreach (var db in databases)
    {
        results.Add(await runner.RunAsync(db, ndjsonPath, csvPath));
    }
    Report.Print(options, results);
    return 0;
}
catch (BenchFailedException ex)
{
    Console.Error.WriteLine($"Benchmark failed: {ex.Message}");
    return 1;
}

public sealed class BenchFailedException(string message) : Exception(message);

public sealed record BenchOptions(
    int Events, int Learners, int BatchSize, int Concurrency, string WorkDirectory, string WebAppDll,
    string? PostgresConnectionString, IReadOnlyList<int> SweepBatchSizes, int SweepEvents,
    IReadOnlySet<string> Providers, IReadOnlySet<BenchLayer> Layers)
{
    public bool Runs(BenchLayer layer) => Layers.Contains(layer);

    public const string Usage = """
        usage: OpsConsole.Bench.Ingest --work DIR --web-app PATH/OpsConsole.Web.dll [--postgres CONNSTR]
               [--events 1000000] [--learners 50000] [--batch 10000] [--concurrency 1]
               [--providers sqlite,postgresql] [--layers raw,rawindexed,parse,store,service,http]
               [--sweep 1000,5000,10000,25000 [--sweep-events 200000]]
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
        if (!values.TryGetValue("work", out var work) || !values.TryGetValue("web-app", out var web))
        {
            return null;
        }
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var sweep = values.TryGetValue("sweep", out var s)
            ? s.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList()
            : [];
        var events = Int("events", 1_000_000);
        HashSet<string> List(string name, string fallback) =>
            new(values.GetValueOrDefault(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
        var layers = List("layers", "raw,rawindexed,parse,store,service,http").Select(l => Enum.Parse<BenchLayer>(l, ignoreCase: true)).ToHashSet();
        return new BenchOptions(events, Int("learners", 50_000), Int("batch", 10_000), Int("concurrency", 1),
            Path.GetFullPath(work), Path.GetFullPath(web), values.GetValueOrDefault("postgres"), sweep, Math.Min(Int("sweep-events", 200_000), events),
            List("providers", "sqlite,postgresql"), layers);
    }
}
