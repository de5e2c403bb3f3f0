using System.Globalization;

namespace OpsConsole.Bench.Ingest;

public static class Report
{
    /// <summary>The product owner's target: the API within this factor of the database's own bulk loader.</summary>
    public const double TargetFactor = 3.0;

    public static void Print(BenchOptions options, IReadOnlyList<ProviderResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(c,
            $"{options.Events:N0} events, batches of {options.BatchSize:N0} per request, {options.Concurrency} request(s) in flight, {Environment.ProcessorCount} CPU cores visible, load average {LoadAverage()}."));
        Console.WriteLine();
        Console.WriteLine($"{"provider",-11} | {"ours events/s",13} | {"raw events/s",12} | {"ours/raw",8} | {"x slower",8} | {"target",7} | {"app peak WS",11} | {"app CPU s",9} | {"x slower than raw into indexed table",36}");
        Console.WriteLine(new string('-', 11) + "-|-" + new string('-', 13) + "-|-" + new string('-', 12) + "-|-" + new string('-', 8) + "-|-" +
                          new string('-', 8) + "-|-" + new string('-', 7) + "-|-" + new string('-', 11) + "-|-" + new string('-', 9) + "-|-" + new string('-', 36));
        foreach (var r in results.Where(r => r.Raw is not null && r.Http is not null))
        {
            var ratio = r.Http!.EventsPerSecond / r.Raw!.EventsPerSecond;
            var slower = 1 / ratio;
            Console.WriteLine(string.Create(c,
                $"{r.Provider,-11} | {r.Http.EventsPerSecond,13:N0} | {r.Raw.EventsPerSecond,12:N0} | {ratio,8:F2} | {slower,7:F2}x | {(slower <= TargetFactor ? "met" : "missed"),7} | {Mib(r.Http.PeakWorkingSet),11} | {r.Http.Cpu?.TotalSeconds,9:F1} | {VersusIndexed(r),36}"));
        }
        Console.WriteLine();
        Console.WriteLine("Where the time goes (each row its own fresh database, same rows):");
        Console.WriteLine($"{"provider",-11} | {"layer",-32} | {"seconds",7} | {"events/s",9} | {"x slower than raw",17} | {"process CPU s",13}");
        Console.WriteLine(new string('-', 11) + "-|-" + new string('-', 32) + "-|-" + new string('-', 7) + "-|-" + new string('-', 9) + "-|-" + new string('-', 17) + "-|-" + new string('-', 13));
        foreach (var r in results)
        {
            foreach (var m in new[] { r.Raw, r.RawIndexed, r.Parse, r.Store, r.Service, r.Http }.OfType<Measurement>())
            {
                var slower = r.Raw is null ? "n/a" : string.Create(c, $"{r.Raw.EventsPerSecond / m.EventsPerSecond:F2}x");
                Console.WriteLine(string.Create(c,
                    $"{r.Provider,-11} | {m.Layer,-32} | {m.Elapsed.TotalSeconds,7:F1} | {m.EventsPerSecond,9:N0} | {slower,17} | {m.Cpu?.TotalSeconds,13:F1}"));
            }
        }
        Console.WriteLine();
        Console.WriteLine("Every row count was checked after its load: each store holds exactly the events sent, and the learners they name.");
    }

    private static string VersusIndexed(ProviderResult r) =>
        r.RawIndexed is { } indexed && r.Http is { } http
            ? string.Create(CultureInfo.InvariantCulture, $"{indexed.EventsPerSecond / http.EventsPerSecond:F2}x")
            : "n/a";

    /// <summary>The machine may be shared; a high load average means the figures carry that noise.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static string Mib(long? bytes) =>
        bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:F0} MiB") : "n/a";
}
