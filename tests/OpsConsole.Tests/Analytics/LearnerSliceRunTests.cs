using OpsConsole.Analytics;

namespace OpsConsole.Tests.Analytics;

public sealed class LearnerSliceRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_MoreSlicesThanConnections_RunsAtMostThatManyAtOnceInSliceOrder()
    {
        LearnerSlice[] slices = [.. Enumerable.Range(0, 8).Select(i => new LearnerSlice(i == 0 ? null : $"b{i}", i == 7 ? null : $"b{i + 1}"))];
        var running = 0;
        var most = 0;

        var results = await LearnerSlice.RunAsync(slices, parallelism: 3, async slice =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(20, Ct);
            Interlocked.Decrement(ref running);
            return slice.From ?? "first";
        }, Ct);

        Assert.Equal(["first", "b1", "b2", "b3", "b4", "b5", "b6", "b7"], results);
        Assert.InRange(most, 2, 3);
    }

    [Fact]
    public async Task RunAsync_SynchronousWork_RunsSlicesOnSeveralThreads()
    {
        LearnerSlice[] slices = [new(null, "m"), new("m", null)];
        using var both = new Barrier(2);

        // Work that blocks its thread, as Microsoft.Data.Sqlite's "asynchronous" commands do: both slices must be running
        // at once for either to pass the barrier.
        var passed = await LearnerSlice.RunAsync(slices, parallelism: 2, slice => Task.FromResult(both.SignalAndWait(TimeSpan.FromSeconds(10), Ct)), Ct);

        Assert.Equal([true, true], passed);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
