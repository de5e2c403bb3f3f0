using System.Globalization;
using System.Text.Json;
using OpsConsole.Bench.Recommend;
using OpsConsole.Data;
using OpsConsole.Recommendations;

// Serves recommendations from the real web app to many concurrent clients on loopback, next to the same server's
// health endpoint measured the same way, after generating a platform and training a model on it.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
Console.WriteLine($"{Environment.ProcessorCount} CPU cores visible, load average {Report.LoadAverage()} at start, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
if (options.Url is { } url)
{
    // A server started elsewhere (for profiling, or a deployment): load only, no platform, training or impression check.
    var pid = options.ProcessId;
    using var attached = new LoadRunner(new Uri(url), () => pid is { } p ? ProcessCpu.Of(p) : TimeSpan.Zero, options.ApiKey ?? "", options.Clients);
    var (cold, measured) = await RunLoadAsync(attached, options);
    Report.PrintTable(options, cold, measured);
    return 0;
}

var spec = new PlatformSpec(options.Learners, options.Items, options.Days, options.Seed);
var (cachedPath, platform) = await new BenchPlatform(spec, options.CacheDirectory, options.MaxCacheAgeDays).PrepareAsync();

Directory.CreateDirectory(options.WorkDirectory);
var database = Path.Combine(options.WorkDirectory, "platform.db");
BenchPlatform.CopyDatabase(cachedPath, database);
var connectionString = $"Data Source={database}";

Console.WriteLine($"Training a model as the retraining job does (load average {Report.LoadAverage()})...");
var (model, trainingTime) = await BenchPlatform.TrainAsync(connectionString);
var metrics = model.Metrics is { } json ? JsonSerializer.Deserialize<RecommenderMetrics>(json, RecommenderTrainer.Json) : null;
var training = new TrainingResult(model, trainingTime, metrics, Report.LoadAverage());
Report.PrintTraining(training);
if (options.Primary is { } primary && primary != model.Algorithm)
{
    await BenchPlatform.ForcePrimaryAsync(connectionString, model.Id, primary);
    Console.WriteLine($"Serving with {primary} instead of the holdout's choice ({model.Algorithm}), as --primary asks.");
    training = training with { Serving = primary };
}

var apiKey = await BenchPlatform.CreateApiKeyAsync(connectionString);
var logPath = Path.Combine(options.WorkDirectory, "web.log");
Console.WriteLine($"Starting the web app ({options.WebAppDll}); its log is {logPath}.");
var memory = new List<(string When, long? WorkingSet)>();
PhaseResult? coldPass;
List<PhaseResult> phases;
ImpressionCheck check;
// The benchmark measures the server's ceiling, which the per-key limit would otherwise cap.
var environment = new Dictionary<string, string>(options.Environment)
{
    ["ApiRateLimits__Recommend__RequestsPerSecond"] = "100000",
    ["ApiRateLimits__Recommend__Burst"] = "100000",
};
await using (var app = await WebAppProcess.StartAsync(options.WebAppDll!, DatabaseProvider.Sqlite, connectionString, logPath, environment))
{
    memory.Add(("started (healthy)", app.WorkingSet()));
    using var runner = new LoadRunner(app.Address, app.CpuTime, apiKey, options.Clients);
    // Before each measured phase the impression writer catches up with what the previous phase served, so no phase
    // pays for another's writes.
    async Task SettleAsync()
    {
        var settled = await ImpressionCheck.WaitAsync(connectionString, runner.ListsServed, runner.ItemsServed, TimeSpan.FromSeconds(options.FlushSeconds));
        if (!settled.Matches)
        {
            Console.WriteLine($"  (the impression writer had not caught up after {settled.Waited.TotalSeconds:F0} s: {settled.Rows:N0} of {settled.ExpectedRows:N0} rows stored)");
        }
        else if (settled.Waited > TimeSpan.FromSeconds(1))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (the impression writer caught up {settled.Waited.TotalSeconds:F1} s after the phase)"));
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
    (coldPass, phases) = await RunLoadAsync(runner, options, () => memory.Add(("after warm-up", app.WorkingSet())), SettleAsync);
    memory.Add(("end of load", app.WorkingSet()));
    memory.Add(("peak (VmHWM)", app.PeakWorkingSet()));

    // Every list served (warm-ups and cold pass included) must end up as impressions: wait for the batched writer.
    check = await ImpressionCheck.WaitAsync(connectionString, runner.ListsServed, runner.ItemsServed, TimeSpan.FromSeconds(options.FlushSeconds));
}
var afterStop = await ImpressionCheck.CountAsync(connectionString);
Report.Print(options, platform, training, coldPass, phases, memory, check, afterStop);
return check.Matches && afterStop.Rows == check.ExpectedRows ? 0 : 1;

// Warm-up: the health path and the JIT first, then (unless turned off) every known learner once, which loads each
// state from the database into the cache and is reported on its own: what the first request of a learner costs.
// Then the measured rounds, /health and recommendations alternating so both see the same machine.
static async Task<(PhaseResult? Cold, List<PhaseResult> Phases)> RunLoadAsync(LoadRunner runner, BenchOptions options, Action? warmedUp = null,
    Func<Task>? settle = null)
{
    settle ??= () => Task.Delay(TimeSpan.FromSeconds(1));
    var seed = options.Seed;
    var cache = new LearnerCacheModel(options.Learners);
    var recommendations = () => new RandomLearners(options.Learners, options.UnknownShare, options.K, options.Context, cache);
    await runner.RunAsync("warm-up /health", new FixedPath("health", false), TimeSpan.FromSeconds(3), seed++);
    await runner.RunAsync("warm-up recommendations", recommendations(), TimeSpan.FromSeconds(3), seed++);
    PhaseResult? cold = null;
    if (options.ColdPassSeconds > 0)
    {
        Console.WriteLine($"Cold pass: every known learner once, at most {options.ColdPassSeconds} s (load average {Report.LoadAverage()})...");
        cold = await runner.RunAsync("recs, first per learner", new EveryLearnerOnce(options.Learners, options.K, options.Context, options.Seed, cache),
            TimeSpan.FromSeconds(options.ColdPassSeconds), seed++);
        Report.PrintPhase(cold);
    }
    warmedUp?.Invoke();
    var phases = new List<PhaseResult>();
    for (var round = 1; round <= options.Rounds; round++)
    {
        if (options.Endpoints.Contains("health"))
        {
            await settle();
            var health = await runner.RunAsync("/health", new FixedPath("health", false), TimeSpan.FromSeconds(options.Seconds), seed++);
            Report.PrintPhase(health, round);
            phases.Add(health);
        }
        if (options.Endpoints.Contains("recommendations"))
        {
            await settle();
            var recs = await runner.RunAsync("recommendations", recommendations(), TimeSpan.FromSeconds(options.Seconds), seed++);
            Report.PrintPhase(recs, round);
            phases.Add(recs);
        }
    }
    if (options.PacedRate > 0)
    {
        // Open loop at a rate the server can sustain: the latency of a request that does not queue behind 199 others.
        var rate = options.PacedRate.ToString(CultureInfo.InvariantCulture);
        await settle();
        var health = await runner.RunAsync($"/health @{rate}/s", new Paced(new FixedPath("health", false), options.PacedRate), TimeSpan.FromSeconds(options.Seconds), seed++);
        Report.PrintPhase(health);
        phases.Add(health);
        await settle();
        var recs = await runner.RunAsync($"recommendations @{rate}/s", new Paced(recommendations(), options.PacedRate), TimeSpan.FromSeconds(options.Seconds), seed++);
        Report.PrintPhase(recs);
        phases.Add(recs);
    }
    return (cold, phases);
}

public sealed class BenchFailedException(string message) : Exception(message);

public sealed record TrainingResult(RecommenderModel Model, TimeSpan Elapsed, RecommenderMetrics? Metrics, string LoadAverage)
{
    /// <summary>The generator that ranks the served lists (the holdout's choice unless the benchmark overrode it).</summary>
    public string Serving { get; init; } = Model.Algorithm;
}

public sealed record BenchOptions(
    string CacheDirectory, string WorkDirectory, string? WebAppDll, int Learners, int Items, int Days, int Seed,
    int Clients, int Seconds, int Rounds, double UnknownShare, int K, string Context, int ColdPassSeconds, double MaxCacheAgeDays,
    int FlushSeconds, int PacedRate, string? Primary, IReadOnlyDictionary<string, string> Environment, IReadOnlySet<string> Endpoints, string? Url, string? ApiKey, int? ProcessId)
{
    public const string Usage = """
        usage: OpsConsole.Bench.Recommend --cache DIR --work DIR --web-app PATH/OpsConsole.Web.dll
               [--learners 50000] [--items 2000] [--days 90] [--seed 7] [--clients 200] [--seconds 20] [--rounds 2]
               [--unknown-share 0.05] [--k 10] [--context home] [--cold-pass-seconds 900] [--max-cache-age-days 3]
               [--flush-seconds 120] [--paced-rate 300] [--primary ease|sequence|...] [--endpoints health,recommendations]
               [--app-env NAME=VALUE,...]
           or: OpsConsole.Bench.Recommend --url http://127.0.0.1:PORT/ --api-key KEY [--pid PID] [the load options above]
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
        var url = values.GetValueOrDefault("url");
        if (url is null && (!values.ContainsKey("cache") || !values.ContainsKey("work") || !values.ContainsKey("web-app")))
        {
            return null;
        }
        var c = CultureInfo.InvariantCulture;
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, c) : fallback;
        double Double(string name, double fallback) => values.TryGetValue(name, out var v) ? double.Parse(v, c) : fallback;
        var environment = values.GetValueOrDefault("app-env", "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        string FullPath(string name) => values.TryGetValue(name, out var v) ? Path.GetFullPath(v) : "";
        return new BenchOptions(
            FullPath("cache"), FullPath("work"), FullPath("web-app"),
            Int("learners", 50_000), Int("items", 2_000), Int("days", 90), Int("seed", 7),
            Int("clients", 200), Int("seconds", 20), Int("rounds", 2), Double("unknown-share", 0.05), Int("k", 10),
            values.GetValueOrDefault("context", "home"), Int("cold-pass-seconds", 900), Double("max-cache-age-days", 3), Int("flush-seconds", 120), Int("paced-rate", 300), values.GetValueOrDefault("primary"),
            environment, new HashSet<string>(values.GetValueOrDefault("endpoints", "health,recommendations").Split(','), StringComparer.OrdinalIgnoreCase),
            url, values.GetValueOrDefault("api-key"), values.TryGetValue("pid", out var pid) ? int.Parse(pid, c) : null);
    }
}
