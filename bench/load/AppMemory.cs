using System.Globalization;
using OpsConsole.Bench.Recommend;

namespace OpsConsole.Bench.Load;

/// <summary>The app's memory at one moment: resident set from /proc, GC heap from the app's own runtime metrics.</summary>
public sealed record MemorySample(string When, long? WorkingSet, long? GcHeap, long? GcCommitted);

/// <summary>
/// Reads the GC heap from the app's Prometheus endpoint (loopback may scrape it): the <c>System.Runtime</c> meter's
/// heap size per generation after the last collection, summed, and the memory the GC has committed.
/// </summary>
public static class AppMemory
{
    public static async Task<MemorySample> SampleAsync(string when, WebAppProcess app)
    {
        long? heap = null, committed = null;
        try
        {
            using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };
            var text = await http.GetStringAsync("metrics");
            heap = Sum(text, "dotnet_gc_last_collection_heap_size_bytes");
            committed = Sum(text, "dotnet_gc_last_collection_memory_committed_size_bytes");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"  (could not read the app's metrics: {e.Message})");
        }
        return new MemorySample(when, app.WorkingSet(), heap, committed);
    }

    /// <summary>The sum of every series of <paramref name="metric"/> in Prometheus text; null when absent.</summary>
    public static long? Sum(string text, string metric)
    {
        double? total = null;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not ('{' or ' '))
            {
                continue;
            }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // "name{labels} value [timestamp]": the value follows the closing brace.
            var valueAt = line[metric.Length] == '{' ? Array.FindIndex(parts, p => p.EndsWith('}')) + 1 : 1;
            if (valueAt > 0 && valueAt < parts.Length && double.TryParse(parts[valueAt], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                total = (total ?? 0) + value;
            }
        }
        return total is { } t ? (long)t : null;
    }
}
