using System.Globalization;

namespace OpsConsole.Bench.Analytics;

public static class Report
{
    /// <summary>The product target: each query under a second, and within this factor of the hand-written SQL.</summary>
    public const double TargetMs = 1000;
    public const double TargetFactor = 1.5;
    public const long TargetEvents = 2_000_000;

    public static void Print(BenchOptions options, BenchScenario scenario, IReadOnlyList<QueryResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(c,
            $"Demo platform: {scenario.Learners:N0} learners, {scenario.Days} days to {scenario.EndDate:yyyy-MM-dd}, seed {scenario.Seed}. " +
            $"Median of {options.Runs} runs after one warm-up. {Environment.ProcessorCount} CPU cores visible, load average {LoadAverage()}."));
        foreach (var provider in results.GroupBy(r => r.Provider))
        {
            Console.WriteLine();
            Console.WriteLine(string.Create(c, $"{provider.Key} ({provider.First().Events:N0} events)"));
            Console.WriteLine($"{"query",-22} | {"ours ms",8} | {"hand-written ms",15} | {"ratio",6} | {"answers",8} | {"target (<1 s, <=1.5x)",-28}");
            Console.WriteLine(new string('-', 22) + "-|-" + new string('-', 8) + "-|-" + new string('-', 15) + "-|-" + new string('-', 6) + "-|-" + new string('-', 8) + "-|-" + new string('-', 28));
            foreach (var r in provider)
            {
                Console.WriteLine(string.Create(c,
                    $"{r.Query,-22} | {r.OursMedian,8:F0} | {r.HandMedian,15:F0} | {r.Ratio,5:F2}x | {(r.Agrees ? "agree" : "DIFFER"),8} | {Target(r),-28}"));
            }
        }
    }

    private static string Target(QueryResult r)
    {
        var misses = new List<string>();
        if (r.OursMedian >= TargetMs)
        {
            misses.Add(string.Create(CultureInfo.InvariantCulture, $"{r.OursMedian / TargetMs:F2}x the 1 s"));
        }
        if (r.Ratio > TargetFactor)
        {
            misses.Add(string.Create(CultureInfo.InvariantCulture, $"{r.Ratio / TargetFactor:F2}x the 1.5x"));
        }
        var met = misses.Count == 0 && r.Events >= TargetEvents;
        return met ? "met" : misses.Count == 0 ? "met (but < 2M events)" : "missed: " + string.Join(", ", misses);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
