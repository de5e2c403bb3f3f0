using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OpsConsole.Bench.Load;
using OpsConsole.Bench.Recommend;
using OpsConsole.Data;

// One running instance of the real web app under every kind of traffic at once, on loopback: the platform's event
// feed, recommendation requests, tickets pushed to connected agents and an operator's browser, beside the same
// server's /health at the same rate in the same run.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
var c = CultureInfo.InvariantCulture;
Console.WriteLine($"{Environment.ProcessorCount} CPU cores visible, load average {Report.LoadAverage()} at start, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
Directory.CreateDirectory(options.WorkDirectory);
var connectionString = await BenchSetup.FreshDatabaseAsync(options.Provider, options.WorkDirectory, options.PostgresConnectionString);
var world = await BenchSetup.PrepareAsync(options.Provider, connectionString, options);

var logPath = Path.Combine(options.WorkDirectory, "web.log");
Console.WriteLine($"Starting the web app ({options.Provider}); its log is {logPath}.");
var memory = new List<MemorySample>();
var sessionPrefix = $"load-{DateTime.UtcNow:HHmmss}-";
var measured = new Measured(
    Events: new StreamStats("POST /api/v1/events", options.EventsPerSecond / options.Batch),
    Recommendations: new StreamStats("GET /api/v1/recommendations/{id}", options.RecommendationsPerSecond),
    Tickets: new StreamStats("POST /api/v1/tickets", options.TicketsPerSecond),
    Page: new StreamStats("operator page, load to interactive", 1 / options.PageInterval.TotalSeconds),
    Health: new StreamStats("GET /health (baseline)", options.HealthPerSecond));
var opened = new ConcurrentDictionary<long, OpenedTicket>();
PushResult push;
long acknowledged, unanswered;
TimeSpan appCpu, clientCpu;
long? peak;
await using (var app = await WebAppProcess.StartAsync(options.WebAppDll, options.Provider, connectionString, logPath, options.AppEnvironment))
{
    memory.Add(await AppMemory.SampleAsync("started (healthy)", app));
    Console.WriteLine($"Signing in {world.AgentIds.Count} agents and connecting them to /hubs/ops; opening the operator's page in Chromium...");
    await using var desk = await AgentDesk.ConnectAsync(app.Address, world.AgentIds, BenchSetup.Password);
    await using var page = await OperatorPage.OpenAsync(app.Address, world.OperatorEmail, BenchSetup.Password, options.Pages, options.WorkDirectory);
    using var streams = new HttpStreams(app.Address, world, options, sessionPrefix);

    if (options.Warmup > TimeSpan.Zero)
    {
        Console.WriteLine(string.Create(c, $"Warm-up, not measured: {options.Warmup.TotalSeconds:F0} s of every stream at full rate (load average {Report.LoadAverage()})."));
        var warm = new Measured(new StreamStats("warm-up events", 0), new StreamStats("warm-up recommendations", 0), new StreamStats("warm-up tickets", 0),
            new StreamStats("warm-up page", 0), new StreamStats("warm-up health", 0));
        await RunAllAsync(streams, page, warm, new ConcurrentDictionary<long, OpenedTicket>(), options.Warmup, options);
        Console.WriteLine($"  warm-up errors: events {warm.Events.Errors}, recommendations {warm.Recommendations.Errors}, tickets {warm.Tickets.Errors}, page {warm.Page.Errors}, health {warm.Health.Errors}");
        memory.Add(await AppMemory.SampleAsync("after warm-up", app));
    }

    Console.WriteLine(string.Create(c, $"Measuring for {options.Duration.TotalSeconds:F0} s (load average {Report.LoadAverage()})..."));
    var cpuBefore = app.CpuTime();
    var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    using var stopWatching = new CancellationTokenSource();
    var watching = WatchMemoryAsync(app, stopWatching.Token);
    await RunAllAsync(streams, page, measured, opened, options.Duration, options);
    await stopWatching.CancelAsync();
    await watching;
    appCpu = app.CpuTime() - cpuBefore;
    if (app.HasExited)
    {
        Console.WriteLine($"*** The web app exited during the load (exit code {app.ExitCode}). The end of its log ({logPath}):");
        foreach (var line in File.ReadLines(logPath).TakeLast(80))
        {
            Console.WriteLine("    " + line);
        }
        return 1;
    }
    clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
    push = await PushResult.CollectAsync(opened, desk, TimeSpan.FromSeconds(15));
    memory.Add(await AppMemory.SampleAsync("end of load", app));
    peak = app.PeakWorkingSet();
    acknowledged = streams.EventsAcknowledged;
    unanswered = streams.EventsUnanswered;
}
// Counted after the app has stopped: only what was committed is there.
var stored = await BenchSetup.CountStoredAsync(options.Provider, connectionString, sessionPrefix);
var ok = Report.Print(options, world, measured, push, acknowledged, unanswered, stored, memory, peak, appCpu, clientCpu);
Console.WriteLine($"uptime: {Report.Uptime()}");
return ok ? 0 : 1;

// Every stream at once for the phase's length; the page loop alongside.
static async Task RunAllAsync(HttpStreams streams, OperatorPage page, Measured stats, ConcurrentDictionary<long, OpenedTicket> opened, TimeSpan duration, BenchOptions options)
{
    var clock = Stopwatch.StartNew();
    async Task Timed(StreamStats s, Task run)
    {
        await run;
        s.Elapsed = duration;
    }
    await Task.WhenAll(
        Timed(stats.Events, OpenLoop.RunAsync(options.EventsPerSecond / options.Batch, duration, (i, due) => streams.SendEventsAsync(i, due, stats.Events), CancellationToken.None)),
        Timed(stats.Recommendations, OpenLoop.RunAsync(options.RecommendationsPerSecond, duration, (i, due) => streams.RecommendAsync(i, due, stats.Recommendations), CancellationToken.None)),
        Timed(stats.Tickets, OpenLoop.RunAsync(options.TicketsPerSecond, duration, (i, due) => streams.OpenTicketAsync(i, due, stats.Tickets, opened), CancellationToken.None)),
        Timed(stats.Health, OpenLoop.RunAsync(options.HealthPerSecond, duration, (i, due) => streams.HealthAsync(i, due, stats.Health), CancellationToken.None)),
        Timed(stats.Page, page.RunAsync(duration, options.PageInterval, stats.Page, CancellationToken.None)));
}

// The app's memory every 15 s while the load runs: a queue that grows shows here before it ends the process.
static async Task WatchMemoryAsync(WebAppProcess app, CancellationToken stop)
{
    var clock = Stopwatch.StartNew();
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
    try
    {
        while (await timer.WaitForNextTickAsync(stop) && !app.HasExited)
        {
            var s = await AppMemory.SampleAsync($"{clock.Elapsed.TotalSeconds:F0} s", app);
            Console.WriteLine($"  {s.When,6}: working set {Report.Mib(s.WorkingSet)}, GC heap {Report.Mib(s.GcHeap)}, GC committed {Report.Mib(s.GcCommitted)}; load average {Report.LoadAverage()}");
        }
    }
    catch (OperationCanceledException)
    {
    }
}

public sealed record Measured(StreamStats Events, StreamStats Recommendations, StreamStats Tickets, StreamStats Page, StreamStats Health);

/// <summary>Tickets the API assigned in the measured phase against what the agents' clients received.</summary>
public sealed record PushResult(int Opened, int Assigned, int Received, int Missing, int WrongAgent, int Duplicates, int Reconnects, StreamStats Latency)
{
    public static async Task<PushResult> CollectAsync(ConcurrentDictionary<long, OpenedTicket> opened, AgentDesk desk, TimeSpan wait)
    {
        var assigned = opened.Values.Where(t => t.AssigneeId is not null).ToArray();
        var deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        while (assigned.Any(t => !desk.Pushes.ContainsKey(t.Id)) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }
        var latency = new StreamStats("ticket create -> agent receives (SignalR)", 0);
        int received = 0, missing = 0, wrong = 0;
        foreach (var t in assigned)
        {
            latency.Started();
            if (!desk.Pushes.TryGetValue(t.Id, out var arrival))
            {
                missing++;
                latency.Failed("push never arrived");
                continue;
            }
            received++;
            if (!string.Equals(arrival.AgentId, t.AssigneeId, StringComparison.OrdinalIgnoreCase))
            {
                wrong++;
                latency.Failed("pushed to another agent");
                continue;
            }
            latency.Succeeded(Stopwatch.GetElapsedTime(t.Due, arrival.Stamp));
        }
        foreach (var t in opened.Values.Where(t => t.AssigneeId is null))
        {
            latency.Started();
            latency.Failed("not assigned to an agent");
        }
        return new PushResult(opened.Count, assigned.Length, received, missing, wrong, desk.Duplicates, desk.Reconnects, latency);
    }
}

public sealed record BenchOptions(
    string WorkDirectory, string WebAppDll, DatabaseProvider Provider, string? PostgresConnectionString, TimeSpan Duration, TimeSpan Warmup,
    double EventsPerSecond, int Batch, double RecommendationsPerSecond, double HealthPerSecond, double TicketsPerSecond, int Agents, int AgentCapacity,
    TimeSpan PageInterval, int Learners, int Days, int Seed, IReadOnlyDictionary<string, string> AppEnvironment, bool Smoke, IReadOnlyList<string> Pages)
{
    public const string Usage = """
        usage: OpsConsole.Bench.Load --work DIR --web-app PATH/OpsConsole.Web.dll [--provider sqlite|postgresql] [--postgres CONNSTR]
               [--duration 180] [--warmup 20] [--smoke] [--events-per-second 2000] [--batch 100] [--recs-per-second 200]
               [--health-per-second (the recommendation rate)] [--tickets-per-second 5] [--agents 20] [--page-interval 10]
               [--pages /,/learners] [--learners 2000] [--days 30] [--seed 7] [--app-env NAME=VALUE,...]
        --smoke: a short run to see everything works (20 s measured after 5 s of warm-up) unless --duration/--warmup say otherwise.
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var smoke = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--smoke")
            {
                smoke = true;
                continue;
            }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }
            values[args[i][2..]] = args[++i];
        }
        if (!values.ContainsKey("work") || !values.ContainsKey("web-app"))
        {
            return null;
        }
        var c = CultureInfo.InvariantCulture;
        double Number(string name, double fallback) => values.TryGetValue(name, out var v) ? double.Parse(v, c) : fallback;
        var provider = values.GetValueOrDefault("provider", "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgresql" => DatabaseProvider.PostgreSql,
            _ => (DatabaseProvider?)null,
        };
        if (provider is null || (provider == DatabaseProvider.PostgreSql && !values.ContainsKey("postgres")))
        {
            return null;
        }
        var duration = TimeSpan.FromSeconds(Number("duration", smoke ? 20 : 180));
        var tickets = Number("tickets-per-second", 5);
        var recs = Number("recs-per-second", 200);
        var environment = values.GetValueOrDefault("app-env", "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        var options = new BenchOptions(
            Path.GetFullPath(values["work"]), Path.GetFullPath(values["web-app"]), provider.Value, values.GetValueOrDefault("postgres"),
            duration, TimeSpan.FromSeconds(Number("warmup", smoke ? 5 : 20)),
            Number("events-per-second", 2000), (int)Number("batch", 100), recs, Number("health-per-second", recs), tickets,
            (int)Number("agents", 20),
            // Nobody answers the tickets: every agent must have room for their share of the whole run.
            (int)Math.Ceiling(tickets * (duration.TotalSeconds + 120) / Math.Max(1, Number("agents", 20))) + 10,
            TimeSpan.FromSeconds(Number("page-interval", 10)), (int)Number("learners", 2000), (int)Number("days", 30), (int)Number("seed", 7),
            environment, smoke, values.GetValueOrDefault("pages", "/,/learners").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return options is { Batch: > 0, EventsPerSecond: > 0, RecommendationsPerSecond: > 0, HealthPerSecond: > 0, TicketsPerSecond: > 0, Agents: > 0 } ? options : null;
    }
}
