using System.Diagnostics;
using System.Globalization;

namespace OpsConsole.Bench.Analytics;

public sealed record QueryResult(
    string Provider, string Query, int Learners, long Events, IReadOnlyList<double> OursMs, IReadOnlyList<double> HandMs, bool Agrees, int Lines)
{
    public double OursMedian => Report.Median(OursMs);
    public double HandMedian => Report.Median(HandMs);
    public double Ratio => OursMedian / HandMedian;
}

/// <summary>Times one query both ways and compares the answers line by line.</summary>
public sealed class QueryRunner(int runs)
{
    public async Task<QueryResult> RunAsync(BenchPlatform platform, IServiceProvider services, BenchScenario scenario, BenchQuery query, long events)
    {
        Console.WriteLine($"{platform.Name}, {query.Name}:");
        // The first call warms up the JIT, the connection pool and the database's caches; it is not timed.
        var ours = await query.Ours(services, scenario, CancellationToken.None);
        var oursMs = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var again = await query.Ours(services, scenario, CancellationToken.None);
            oursMs.Add(clock.Elapsed.TotalMilliseconds);
            if (!again.SequenceEqual(ours))
            {
                throw new BenchFailedException($"{platform.Name}, {query.Name}: the product gave different answers on repeated runs.");
            }
        }
        Console.WriteLine($"  ours:         {Times(oursMs)}");

        var hand = await platform.Client.RunAsync(query.HandWritten(platform.Client.Dialect, scenario), runs);
        Console.WriteLine($"  hand-written: {Times(hand.Milliseconds)}");
        var theirs = query.ReadHandWritten(hand.Rows, scenario);
        var agrees = theirs.SequenceEqual(ours);
        if (agrees)
        {
            Console.WriteLine($"  answers agree ({ours.Count} lines).");
        }
        else
        {
            Console.WriteLine($"  *** MISMATCH: {platform.Name}, {query.Name}: the product and the hand-written SQL give different answers. ***");
            foreach (var line in ours.Except(theirs).Take(20))
            {
                Console.WriteLine($"    ours only:         {line}");
            }
            foreach (var line in theirs.Except(ours).Take(20))
            {
                Console.WriteLine($"    hand-written only: {line}");
            }
        }
        return new QueryResult(platform.Name, query.Name, scenario.Learners, events, oursMs, hand.Milliseconds, agrees, ours.Count);
    }

    private static string Times(IEnumerable<double> ms) =>
        string.Join(", ", ms.Select(m => m.ToString("F0", CultureInfo.InvariantCulture))) + " ms";
}
