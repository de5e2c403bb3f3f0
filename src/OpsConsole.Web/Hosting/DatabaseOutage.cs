using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Hosting;

/// <summary>
/// Whether this instance can reach its database, as last seen by a request that failed for want of it or by the watch
/// that probes it. Pages show a banner while it is down; nothing here restarts anything: connections recover by themselves.
/// </summary>
public sealed class DatabaseStatus(TimeProvider clock)
{
    private readonly Lock _gate = new();

    public bool Available { get; private set; } = true;

    /// <summary>When the outage was first seen (UTC); null while the database is reachable.</summary>
    public DateTime? DownSince { get; private set; }

    /// <summary>Raised when the database goes away or comes back; handlers must not block.</summary>
    public event Action? Changed;

    public void ReportDown() => Set(false);

    public void ReportUp() => Set(true);

    private void Set(bool available)
    {
        lock (_gate)
        {
            if (Available == available)
            {
                return;
            }
            Available = available;
            DownSince = available ? null : clock.GetUtcNow().UtcDateTime;
        }
        Changed?.Invoke();
    }
}

/// <summary>
/// Probes the database every few seconds (more often while it is down), so the banner comes and goes even when nobody
/// is making requests, and the outage is noticed before a user's action fails.
/// </summary>
public sealed class DatabaseWatch(IDbContextFactory<OpsDbContext> contexts, DatabaseStatus status, ILogger<DatabaseWatch> log) : BackgroundService
{
    private static readonly TimeSpan WhileUp = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WhileDown = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(status.Available ? WhileUp : WhileDown, stoppingToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(ProbeTimeout);
                await using var db = await contexts.CreateDbContextAsync(timeout.Token);
                var reachable = await db.Database.CanConnectAsync(timeout.Token);
                Report(reachable, null);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is OperationCanceledException || DatabaseFaults.IsUnavailable(e))
            {
                Report(false, e);
            }
        }
    }

    private void Report(bool reachable, Exception? error)
    {
        var was = status.Available;
        if (reachable) status.ReportUp(); else status.ReportDown();
        if (was && !reachable)
        {
            log.LogError(error, "The database cannot be reached; requests answer 503 until it is back.");
        }
        else if (!was && reachable)
        {
            log.LogWarning("The database is reachable again.");
        }
    }
}

/// <summary>
/// A request that failed because the database could not be reached answers 503 with <c>Retry-After</c>, as a problem
/// for the API and as a short page that reloads itself for people, never a 500; and the outage is reported at once.
/// </summary>
public sealed class DatabaseUnavailableHandler(DatabaseStatus status, ILogger<DatabaseUnavailableHandler> log) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseFaults.IsUnavailable(exception))
        {
            return false;
        }
        status.ReportDown();
        log.LogWarning("{Method} {Path} answered 503: the database is unavailable ({Error}).", context.Request.Method, context.Request.Path, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (AccessSetup.IsMachineRequest(context.Request))
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Database unavailable",
                detail: $"The database cannot be reached right now; nothing was stored by this request. Retry after {RetryAfterSeconds} seconds.",
                extensions: new Dictionary<string, object?> { ["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier }).ExecuteAsync(context);
        }
        else
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{RetryAfterSeconds}">
                <title>OpsConsole · database unavailable</title></head>
                <body style="font-family:system-ui,sans-serif;margin:4rem auto;max-width:36rem;color:#333">
                <h1 style="font-size:1.3rem">The console's database cannot be reached</h1>
                <p>This page reloads itself every {RetryAfterSeconds} seconds and opens as soon as the database is back. Nothing needs restarting.</p>
                </body></html>
                """, cancellationToken);
        }
        return true;
    }
}

public static class DatabaseOutageSetup
{
    /// <summary>503 with Retry-After instead of 500 while the database is away, a watch that notices it, and the banner's state.</summary>
    public static IServiceCollection AddDatabaseOutageHandling(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseStatus>();
        services.AddHostedService<DatabaseWatch>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return services;
    }
}
