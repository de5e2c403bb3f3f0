using System.Diagnostics;

namespace OpsConsole.Bench.Support;

/// <summary>
/// Samples this process every 20 ms while a phase runs: how late the sampler's own timer fired (the process, server
/// and clients alike, waiting for a core), the thread pool's queue and threads, and CPU used. Tells a slow push that
/// waited for the machine from one that waited inside the desk.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private double _maxLateMs;
    private long _maxQueued;
    private int _maxThreads;
    private int _stalls;

    public ProcessSampler() => _loop = Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var last = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = Stopwatch.GetTimestamp();
                var late = Stopwatch.GetElapsedTime(last, now).TotalMilliseconds - Interval.TotalMilliseconds;
                last = now;
                _maxLateMs = Math.Max(_maxLateMs, late);
                if (late > 100) _stalls++;
                _maxQueued = Math.Max(_maxQueued, ThreadPool.PendingWorkItemCount);
                _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Stops sampling and says what was seen.</summary>
    public async Task<string> StopAsync()
    {
        _stop.Cancel();
        await _loop;
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"process CPU {cpu:F1} s in {seconds:F1} s ({cpu / seconds:P0} of one core); sampler late by up to {_maxLateMs:F0} ms, {_stalls} stalls over 100 ms; " +
            $"thread pool up to {_maxThreads} threads, {_maxQueued} items queued");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }
}
