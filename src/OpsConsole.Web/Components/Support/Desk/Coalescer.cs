namespace OpsConsole.Web.Components.Support.Desk;

/// <summary>
/// Runs an action once, a short while after the first of a burst of triggers: a busy desk pushes many changes a
/// second, and a page should reload once for all of them, yet never wait longer than the delay.
/// </summary>
public sealed class Coalescer(TimeSpan delay, Func<Task> action) : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private int _pending;

    public void Trigger()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _ = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.Delay(delay, _disposed.Token);
            Volatile.Write(ref _pending, 0);
            await action();
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away while reloading.
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
