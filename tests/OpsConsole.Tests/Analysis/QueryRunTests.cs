using OpsConsole.Web.Components.Analysis;

namespace OpsConsole.Tests.Analysis;

public sealed class QueryRunTests
{
    [Fact]
    public async Task RunAsync_NewerRunStarts_CancelsTheOlderAndKeepsOnlyTheNewerResult()
    {
        using var run = new QueryRun();
        var started = new TaskCompletionSource();
        CancellationToken firstToken = default;

        var first = run.RunAsync(async ct =>
        {
            firstToken = ct;
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        });
        await started.Task;
        var second = await run.RunAsync(_ => Task.FromResult(2));

        Assert.Equal((true, 2), second);
        Assert.Equal((false, 0), await first);
        Assert.True(firstToken.IsCancellationRequested);
        Assert.False(run.Running);
    }

    [Fact]
    public async Task RunAsync_QueryFails_RethrowsToTheCaller()
    {
        using var run = new QueryRun();

        await Assert.ThrowsAsync<InvalidOperationException>(() => run.RunAsync<int>(_ => throw new InvalidOperationException("boom")));
        Assert.False(run.Running);
    }
}
