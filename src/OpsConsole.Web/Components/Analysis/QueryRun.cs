namespace OpsConsole.Web.Components.Analysis;

/// <summary>
/// One query at a time for a page: starting a new one cancels the one still running, so changing a parameter
/// never waits for a result nobody wants. The work runs off the circuit's thread, since the SQLite provider does
/// its I/O synchronously even behind async calls and would otherwise freeze the page.
/// </summary>
public sealed class QueryRun : IDisposable
{
    private CancellationTokenSource? _current;

    public bool Running { get; private set; }

    /// <summary>
    /// Runs <paramref name="query"/>; returns its result, or <c>(false, default)</c> when a newer run replaced it.
    /// Exceptions other than cancellation reach the caller.
    /// </summary>
    public async Task<(bool Done, T? Result)> RunAsync<T>(Func<CancellationToken, Task<T>> query)
    {
        // The replaced source is only cancelled: its query may still be unwinding with its token.
        _current?.Cancel();
        var mine = _current = new CancellationTokenSource();
        var token = mine.Token;
        Running = true;
        try
        {
            var result = await Task.Run(() => query(token), token);
            return token.IsCancellationRequested ? (false, default) : (true, result);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return (false, default);
        }
        finally
        {
            if (ReferenceEquals(_current, mine))
            {
                Running = false;
            }
        }
    }

    /// <summary>Abandons the running query, if any.</summary>
    public void Cancel()
    {
        _current?.Cancel();
        Running = false;
    }

    public void Dispose()
    {
        _current?.Cancel();
        _current?.Dispose();
        _current = null;
    }
}
