using System.Diagnostics;
using System.Globalization;

namespace OpsConsole.Bench.Load;

public static class Report
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Prints the run's figures; true when nothing failed and the stored events equal the acknowledged ones.</summary>
    public static bool Print(BenchOptions options, BenchWorld world, Measured m, PushResult push, long acknowledged, long unanswered, long stored,
        IReadOnlyList<MemorySample> memory, long? peak, TimeSpan appCpu, TimeSpan clientCpu)
    {
        var pool = options.PostgresConnectionString is { } server
            ? string.Create(C, $" Database pool: at most {new Npgsql.NpgsqlConnectionStringBuilder(server).MaxPoolSize} connections.")
            : "";
        Console.WriteLine();
        Console.WriteLine(string.Create(C,
            $"One app instance ({options.Provider}), {options.Duration.TotalSeconds:F0} s measured after {options.Warmup.TotalSeconds:F0} s of warm-up, open loop on loopback; " +
            $"{Environment.ProcessorCount} CPU cores shared by the app, the database, this load generator, Chromium and other work; load average {LoadAverage()} at the end."));
        Console.WriteLine(string.Create(C,
            $"Platform: {world.Demo.Learners:N0} demo learners, {world.Demo.CatalogItems:N0} items, {world.Demo.Events:N0} events; recommender v{world.ModelVersion} ({world.ModelAlgorithm}); " +
            $"{world.AgentIds.Count} agents on /hubs/ops; events in batches of {options.Batch}.{pool}"));
        Console.WriteLine();
        var health = m.Health.PercentileMs(0.99);
        Console.WriteLine($"{"stream",-44} | {"target/s",9} | {"achieved/s",10} | {"sent",7} | {"errors",6} | {"p50 ms",8} | {"p99 ms",8} | {"p99 / health p99",16}");
        Console.WriteLine($"{new string('-', 44)}-|-{new string('-', 9)}-|-{new string('-', 10)}-|-{new string('-', 7)}-|-{new string('-', 6)}-|-{new string('-', 8)}-|-{new string('-', 8)}-|-{new string('-', 16)}");
        var rows = new[] { m.Events, m.Recommendations, m.Tickets, push.Latency, m.Page, m.Health };
        foreach (var s in rows)
        {
            var target = s == push.Latency ? options.TicketsPerSecond : s.TargetPerSecond;
            var achieved = s == push.Latency ? s.Ok / options.Duration.TotalSeconds : s.AchievedPerSecond;
            var ratio = s == m.Health ? "1.00x" : Ratio(s.PercentileMs(0.99), health);
            Console.WriteLine(string.Create(C,
                $"{s.Name,-44} | {target,9:N1} | {achieved,10:N1} | {s.Sent,7:N0} | {s.Errors,6:N0} | {Ms(s.PercentileMs(0.5)),8} | {Ms(s.PercentileMs(0.99)),8} | {ratio,16}"));
        }
        Console.WriteLine();
        var eventsAchieved = m.Events.Units / options.Duration.TotalSeconds;
        Console.WriteLine(string.Create(C,
            $"Events: {eventsAchieved:N0}/s acknowledged in the measured phase against {options.EventsPerSecond:N0}/s offered ({eventsAchieved / options.EventsPerSecond:P1})."));
        var equal = stored == acknowledged;
        Console.WriteLine(string.Create(C,
            $"Events stored: {stored:N0} in the database after the app stopped, {acknowledged:N0} acknowledged by the API (warm-up included): {(equal ? "EQUAL" : "MISMATCH")}."));
        if (!equal && stored > acknowledged && stored <= acknowledged + unanswered)
        {
            // Not a lost acknowledgement: batches the client gave up on were committed after it stopped waiting.
            Console.WriteLine(string.Create(C,
                $"  The {stored - acknowledged:N0} extra rows are within the {unanswered:N0} events of batches whose answer never reached the client (timed out): stored, never acknowledged."));
        }
        else if (!equal)
        {
            Console.WriteLine(string.Create(C, $"  *** {(stored < acknowledged ? "acknowledged events are missing from the database" : "more rows than were sent")} ({unanswered:N0} events unanswered)."));
        }
        Console.WriteLine(string.Create(C,
            $"Tickets: {push.Opened:N0} opened in the measured phase, {push.Assigned:N0} assigned, {push.Received:N0} pushes received, {push.Missing:N0} missing, " +
            $"{push.WrongAgent:N0} to the wrong agent, {push.Duplicates:N0} duplicate pushes, {push.Reconnects:N0} hub reconnects."));
        var errors = rows.Sum(s => s.Errors);
        foreach (var s in rows)
        {
            foreach (var (kind, count) in s.ErrorKinds)
            {
                Console.WriteLine(string.Create(C, $"  {s.Name}: {count:N0} x {kind}"));
            }
        }
        Console.WriteLine(string.Create(C, $"Errors: {errors:N0} (target 0). App CPU during the measured phase: {appCpu.TotalSeconds:F1} s ({appCpu.TotalSeconds / options.Duration.TotalSeconds:F2} cores); " +
            $"this load generator's: {clientCpu.TotalSeconds:F1} s ({clientCpu.TotalSeconds / options.Duration.TotalSeconds:F2} cores)."));
        Console.WriteLine("App memory:");
        foreach (var s in memory)
        {
            Console.WriteLine($"  {s.When,-20} working set {Mib(s.WorkingSet),10}, GC heap {Mib(s.GcHeap),10}, GC committed {Mib(s.GcCommitted),10}");
        }
        Console.WriteLine($"  {"peak (VmHWM)",-20} working set {Mib(peak),10}");
        return errors == 0 && equal;
    }

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString("F1", C);

    private static string Ratio(double p99, double health) =>
        double.IsNaN(p99) || double.IsNaN(health) || health <= 0 ? "-" : (p99 / health).ToString("F2", C) + "x";

    public static string Mib(long? bytes) => bytes is { } b ? string.Create(C, $"{b / 1024.0 / 1024.0:N0} MiB") : "n/a";

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static string Uptime()
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
