using System.Globalization;

namespace OpsConsole.Bench.Analytics;

public static class Report
{
    /// <summary>The product target: each query under a second, and within this factor of the hand-written SQL.</summary>
    public const double TargetMs = 1000;
    public const double TargetFactor = 1.5;
    public const long TargetEvents = 2_000_000;

    public static void Print(BenchOptions options, BenchScenario scenario, BenchScenario list, IReadOnlyList<QueryResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(c,
            $"Demo platform: {scenario.Learners:N0} learners, {scenario.Days} days to {scenario.EndDate:yyyy-MM-dd}, seed {scenario.Seed}; " +
            $"learners list: {list.Learners:N0} learners, {list.Days} days, profiles built. " +
            $"Median of {options.Runs} runs after one warm-up. {Environment.ProcessorCount} CPU cores visible, load average {LoadAverage()}; " +
            $"analytics parallelism {(options.Parallelism == 0 ? $"0 (one connection per processor)" : options.Parallelism)}."));
        foreach (var platform in results.GroupBy(r => (r.Provider, r.Learners, r.Events)))
        {
            var (provider, learners, events) = platform.Key;
            Console.WriteLine();
            Console.WriteLine(string.Create(c, $"{provider} ({learners:N0} learners, {events:N0} events)"));
            Console.WriteLine($"{"query",-30} | {"ours ms",8} | {"hand-written ms",15} | {"ratio",6} | {"answers",8} | {"target (<1 s, <=1.5x)",-28}");
            Console.WriteLine(new string('-', 30) + "-|-" + new string('-', 8) + "-|-" + new string('-', 15) + "-|-" + new string('-', 6) + "-|-" + new string('-', 8) + "-|-" + new string('-', 28));
            foreach (var r in platform)
            {
                Console.WriteLine(string.Create(c,
                    $"{r.Query,-30} | {r.OursMedian,8:F0} | {r.HandMedian,15:F0} | {r.Ratio,5:F2}x | {(r.Agrees ? "agree" : "DIFFER"),8} | {Target(r),-28}"));
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
        // The event count is the analytics target's; the learners list is sized by its learners instead.
        var sized = r.Events >= TargetEvents || LearnerListQueries.All.Any(q => q.Name == r.Query);
        var met = misses.Count == 0 && sized;
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
