using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OpsConsole.Support;

namespace OpsConsole.Bench.Support;

/// <summary>
/// Opens tickets through the real API while support agents are connected to the live hub, and times how long each
/// ticket takes to reach its agent's client, next to a plain hub echo over the same connections at the same rate.
/// (Not top-level statements: the web app's own <c>Program</c> is the type its factory starts.)
/// </summary>
public static class SupportBench
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{Environment.ProcessorCount} CPU cores visible, load average {Report.LoadAverage()} at start, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");

        BenchApp? app = null;
        BenchDesk desk;
        Uri address;
        if (options.Url is { } url)
        {
            // A server started elsewhere (a deployment, or one under a profiler): its agents and key are given, routing
            // time is not readable from here, and tickets are read by whatever intent model it has.
            address = new Uri(url.EndsWith('/') ? url : url + "/");
            var logins = File.ReadLines(options.AgentLogins!).Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
                .Where(p => p.Length == 2 && p[0].Length > 0).Select(p => (p[0], p[1])).ToList();
            Console.WriteLine($"Attached to {address}; signing in {logins.Count} agents and connecting them to the hub...");
            desk = await BenchDesk.AttachAsync(address, options.ApiKey!, logins);
        }
        else
        {
            // A real intent model, trained with the product's pipeline on texts written for the purpose, so tickets are read and
            // routed by skill instead of all waiting in triage.
            var trainingWatch = Stopwatch.StartNew();
            var training = new SyntheticTickets(options.Seed).TrainingSet(options.TrainPerIntent);
            var model = IntentModel.Train(training);
            var check = new SyntheticTickets(options.Seed + 1);
            var held = Enumerable.Range(0, 600).Select(_ => check.Next()).ToList();
            var right = held.Count(t => model.Predict(TicketText.Combine(t.Subject, t.Body)).Intent == t.Intent);
            Console.WriteLine(string.Create(c,
                $"Intent model: {SyntheticTickets.Intents.Length} intents, {training.Count:N0} English and Chinese training texts, trained in {trainingWatch.Elapsed.TotalSeconds:F1} s; " +
                $"{right / (double)held.Count:P1} right on {held.Count} fresh tickets. Tickets below {options.TriageBelow:P0} confidence go to triage."));

            Directory.CreateDirectory(options.WorkDirectory);
            var sqliteFile = Path.Combine(options.WorkDirectory, "support-bench.db");
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                // Every run starts from an empty desk.
                File.Delete(sqliteFile + suffix);
            }
            var (provider, connectionString) = options.Provider == "postgresql"
                ? ("PostgreSql", await FreshPostgresAsync(options.PostgresConnectionString!))
                : ("Sqlite", $"Data Source={sqliteFile}");

            app = new BenchApp(provider, connectionString, new TrainedIntentClassifier(model), options.TriageBelow, options.LogLevel);
            address = app.Address;
            Console.WriteLine($"Web app on {address} ({provider}); creating {options.Agents} agents, signing them in and connecting them to the hub...");
            desk = await BenchDesk.CreateAsync(app, options.Agents, options.Capacity);
            if (BenchDesk.Uncovered(desk.Profiles) is { Count: > 0 } gaps)
            {
                Console.WriteLine($"  NOTE: no agent for {string.Join(", ", gaps)}: such tickets wait in a queue and are not pushed.");
            }
            foreach (var p in desk.Profiles)
            {
                Console.WriteLine($"  {p.Id,-34} {p.Languages,-6} {p.Intents,-52} {p.Tags,-8} capacity {p.Capacity}");
            }
        }

        using var routing = new RoutingMeter();
        using var runner = new LoadRunner(address, desk, routing);
        var tickets = new SyntheticTickets(options.Seed + 2);
        if (options.Warmup > 0)
        {
            Console.WriteLine($"Warm-up (not measured): {options.Warmup} echoes and {options.Warmup} tickets at {options.Rate.ToString(c)}/s; load average {Report.LoadAverage()}.");
            Report.PrintEcho(await runner.EchoesAsync("warm-up echo", options.Warmup, options.Rate));
            Report.PrintTickets(await runner.TicketsAsync("warm-up tickets", tickets, options.Warmup, options.Rate));
        }
        var echoes = new List<PhaseResult>();
        var phases = new List<TicketPhaseResult>();
        var perRound = Math.Max(1, options.Tickets / options.Rounds);
        for (var round = 1; round <= options.Rounds; round++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var echo = await runner.EchoesAsync($"hub echo (round {round})", perRound, options.Rate);
            Report.PrintEcho(echo);
            echoes.Add(echo);
            await Task.Delay(TimeSpan.FromSeconds(1));
            var phase = await runner.TicketsAsync($"tickets (round {round})", tickets, perRound, options.Rate);
            Report.PrintTickets(phase);
            phases.Add(phase);
        }
        var complete = Report.PrintTable(options, desk.Clients.Count, phases, echoes);
        if (desk.DuplicatePushes > 0)
        {
            Console.WriteLine($"*** {desk.DuplicatePushes} tickets were pushed more than once.");
        }
        await desk.DisposeAsync();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        Console.WriteLine($"uptime: {Uptime()}");
        return complete ? 0 : 1;

        // A database of its own on the given server, dropped and created again, so every run starts from an empty desk.
        static async Task<string> FreshPostgresAsync(string server)
        {
            const string name = "support_bench";
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", $"CREATE DATABASE {name}" })
                {
                    await using var command = new NpgsqlCommand(sql, connection);
                    await command.ExecuteNonQueryAsync();
                }
            }
            return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        }

        static string Uptime()
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo("uptime") { RedirectStandardOutput = true })!;
                var text = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
                return text;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return "n/a";
            }
        }
    }
}

public sealed record BenchOptions(
    string WorkDirectory, int Tickets, double Rate, int Agents, string Provider, string? PostgresConnectionString, int Warmup, int Rounds,
    int Capacity, double TriageBelow, int Seed, int TrainPerIntent, string LogLevel, string? Url, string? ApiKey, string? AgentLogins)
{
    public const string Usage = """
        usage: OpsConsole.Bench.Support --work DIR [--tickets 1000] [--rate 20] [--agents 20] [--provider sqlite|postgresql]
               [--postgres CONNSTR (required for postgresql)] [--warmup 400] [--rounds 2] [--capacity 200]
               [--triage-below 0.2] [--seed 11] [--train-per-intent 60] [--log-level Warning]
           or: OpsConsole.Bench.Support --url http://127.0.0.1:PORT/ --api-key KEY --agent-logins FILE (lines "email password" of
               online agents) [--tickets N] [--rate R] [--warmup N] [--rounds N] [--seed N]
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
        var c = CultureInfo.InvariantCulture;
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, c) : fallback;
        double Double(string name, double fallback) => values.TryGetValue(name, out var v) ? double.Parse(v, c) : fallback;
        var provider = values.GetValueOrDefault("provider", "sqlite").ToLowerInvariant();
        var url = values.GetValueOrDefault("url");
        var attachable = url is not null && values.ContainsKey("api-key") && values.ContainsKey("agent-logins");
        if (url is not null ? !attachable : !values.ContainsKey("work") || provider is not ("sqlite" or "postgresql") || (provider == "postgresql" && !values.ContainsKey("postgres")))
        {
            return null;
        }
        var options = new BenchOptions(Path.GetFullPath(values.GetValueOrDefault("work", ".")), Int("tickets", 1000), Double("rate", 20), Int("agents", 20), provider,
            values.GetValueOrDefault("postgres"), Int("warmup", 400), Int("rounds", 2), Int("capacity", 200), Double("triage-below", 0.2),
            Int("seed", 11), Int("train-per-intent", 60), values.GetValueOrDefault("log-level", "Warning"),
            url, values.GetValueOrDefault("api-key"), values.GetValueOrDefault("agent-logins"));
        return options is { Tickets: > 0, Rate: > 0, Agents: > 0, Rounds: > 0, Capacity: > 0 } ? options : null;
    }
}
