using OpsConsole.Analytics;

namespace OpsConsole.Web.Components.Journeys;

/// <summary>
/// One report query at a time for a page: starting a run cancels the one before it, so changing a control while a slow
/// query runs neither waits for it nor lets its late answer overwrite the newer one.
/// </summary>
public sealed class QueryRunner<T>(ILogger logger) : IDisposable where T : class
{
    private CancellationTokenSource? _cts;

    public T? Result { get; private set; }
    public bool Loading { get; private set; }
    public bool Failed { get; private set; }
    /// <summary>Why the query was refused (an unknown segment, an unsupported database); null for unexpected failures.</summary>
    public string? Problem { get; private set; }

    /// <summary>
    /// Shows progress without running: a prerendered page would otherwise hold its first byte until a report of
    /// millions of events is done, and then compute it a second time once interactive.
    /// </summary>
    public void Defer() => Loading = true;

    public async Task RunAsync(Func<CancellationToken, Task<T>> run)
    {
        _cts?.Cancel();
        _cts?.Dispose();
        var cts = _cts = new CancellationTokenSource();
        (Loading, Failed, Problem) = (true, false, null);
        try
        {
            var result = await run(cts.Token);
            if (cts.IsCancellationRequested)
            {
                return;
            }
            Result = result;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is AnalyticsParameterException or AnalyticsNotSupportedException)
        {
            (Result, Failed, Problem) = (null, true, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Report query {Report} failed", typeof(T).Name);
            (Result, Failed) = (null, true);
        }
        Loading = false;
    }

    public void Dispose()
    {
        _cts?.Cancel();
        _cts?.Dispose();
        _cts = null;
    }
}
