using System.Diagnostics;

namespace OpsConsole.Bench.Load;

/// <summary>
/// What one stream did in one phase: latencies of the answers that succeeded (microseconds, timed from when each
/// request fell due, so waiting for a free connection or a late timer counts too), errors by kind, and what was
/// acknowledged (events for the ingestion stream).
/// </summary>
public sealed class StreamStats(string name, double targetPerSecond)
{
    private readonly List<long> _latenciesUs = new(64_000);
    private readonly Dictionary<string, long> _errorKinds = [];
    private long _sent;
    private long _units;

    public string Name { get; } = name;
    public double TargetPerSecond { get; } = targetPerSecond;
    public TimeSpan Elapsed { get; set; }
    public long Sent => Interlocked.Read(ref _sent);
    public long Units => Interlocked.Read(ref _units);

    public long Ok
    {
        get { lock (_latenciesUs) return _latenciesUs.Count; }
    }

    public long Errors
    {
        get { lock (_errorKinds) return _errorKinds.Values.Sum(); }
    }

    public IReadOnlyDictionary<string, long> ErrorKinds
    {
        get { lock (_errorKinds) return new Dictionary<string, long>(_errorKinds); }
    }

    public void Started() => Interlocked.Increment(ref _sent);

    public void Succeeded(TimeSpan latency, long units = 0)
    {
        Interlocked.Add(ref _units, units);
        lock (_latenciesUs)
        {
            _latenciesUs.Add(latency.Ticks / (TimeSpan.TicksPerMillisecond / 1000));
        }
    }

    public void Failed(string kind)
    {
        lock (_errorKinds)
        {
            _errorKinds[kind] = _errorKinds.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>Answers that succeeded per second of the phase.</summary>
    public double AchievedPerSecond => Elapsed.TotalSeconds > 0 ? Ok / Elapsed.TotalSeconds : 0;

    /// <summary>Nearest-rank percentile in milliseconds; NaN when nothing succeeded.</summary>
    public double PercentileMs(double p)
    {
        long[] sorted;
        lock (_latenciesUs)
        {
            sorted = [.. _latenciesUs];
        }
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)] / 1000.0;
    }
}

/// <summary>
/// Open-loop pacing: request i falls due at start + i / rate and is started then, whatever happened to the ones
/// before it, so a slow server meets the same offered load rather than a politely slowing client.
/// </summary>
public static class OpenLoop
{
    /// <summary>Starts <paramref name="send"/> for each due time within <paramref name="duration"/>; waits for every started call.</summary>
    public static async Task RunAsync(double perSecond, TimeSpan duration, Func<long, long, Task> send, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var running = new List<Task>();
        for (long i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / perSecond);
            if (due >= end)
            {
                break;
            }
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                try
                {
                    await Task.Delay(wait, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            var index = i;
            running.Add(Task.Run(() => send(index, due), CancellationToken.None));
            if (running.Count > 4096)
            {
                running.RemoveAll(t => t.IsCompleted);
            }
        }
        await Task.WhenAll(running);
    }
}
