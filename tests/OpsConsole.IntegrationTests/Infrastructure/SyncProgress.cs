namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>Records progress on the reporting thread, in order (<see cref="Progress{T}"/> posts to the thread pool).</summary>
internal sealed class SyncProgress(Action<double> report) : IProgress<double>
{
    public void Report(double value) => report(value);
}
