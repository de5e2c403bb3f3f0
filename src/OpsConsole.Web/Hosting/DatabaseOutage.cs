using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
public sealed class DatabaseWatch(DatabaseProbe probe, DatabaseStatus status, ILogger<DatabaseWatch> log) : BackgroundService
{
    private static readonly TimeSpan WhileUp = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WhileDown = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(status.Available ? WhileUp : WhileDown, stoppingToken);
                Report(await probe.ReachAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Report(DatabaseProbe.Result result)
    {
        // No answer in time is not an outage: a loaded server answers late, and every instance shares the one database,
        // so taking this one out of rotation for it would only pile its load onto the others. Requests that time out
        // still answer 503 themselves.
        if (result.Busy)
        {
            log.LogWarning("The database did not answer the watch's probe in time ({Error}); not counted as an outage.", result.Error?.Message);
            return;
        }
        var reachable = result.Reachable;
        var was = status.Available;
        if (reachable) status.ReportUp(); else status.ReportDown();
        if (was && !reachable)
        {
            log.LogError(result.Error, "The database cannot be reached; requests answer 503 until it is back.");
        }
        else if (!was && reachable)
        {
            log.LogWarning("The database is reachable again.");
        }
    }
}

/// <summary>
/// Asks the database server itself whether it answers, on a connection of its own outside the pool. Under heavy load
/// every pooled connection can be busy for seconds; waiting for one of them would report a busy instance as a missing
/// database, take it out of a load balancer's rotation and answer 503 for requests the database could serve.
/// </summary>
public sealed class DatabaseProbe(IDbContextFactory<OpsDbContext> contexts)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <param name="Reachable">The server answered: with the probe's result, or that it has no connection slot free.</param>
    public sealed record Result(bool Reachable, Exception? Error)
    {
        /// <summary>No answer in time: a loaded server, or a host that silently drops packets.</summary>
        public bool Busy => !Reachable && Error is not null && DatabaseFaults.IsBusy(Error);
    }

    public async Task<Result> ReachAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await OpenUnpooledAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return new Result(true, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.TooManyConnections)
        {
            // Every slot is held, most likely by this instance's own pool under load: the server is there and answering.
            return new Result(true, e);
        }
        catch (Exception e)
        {
            return new Result(false, e);
        }
    }

    private async Task<DbConnection> OpenUnpooledAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pooled = db.Database.GetDbConnection();
        var factory = DbProviderFactories.GetFactory(pooled)
            ?? throw new InvalidOperationException($"{pooled.GetType().Name} names no provider factory.");
        var settings = factory.CreateConnectionStringBuilder()
            ?? throw new InvalidOperationException($"{factory.GetType().Name} builds no connection strings.");
        settings.ConnectionString = pooled.ConnectionString;
        settings["Pooling"] = false;
        var connection = factory.CreateConnection()
            ?? throw new InvalidOperationException($"{factory.GetType().Name} creates no connections.");
        connection.ConnectionString = settings.ConnectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// The database's part of <c>/health</c>. A load balancer may probe many times a second; while the database is known to
/// be reachable the answer costs nothing (the watch and every failing request keep that knowledge current). While it is
/// known to be down each probe, one at a time, asks the server again, so recovery shows on the first probe after it.
/// </summary>
public sealed class DatabaseHealthCheck(DatabaseStatus status, DatabaseProbe probe) : IHealthCheck
{
    private readonly SemaphoreSlim _probing = new(1, 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (status.Available)
        {
            return HealthCheckResult.Healthy("The database is reachable.");
        }
        if (!await _probing.WaitAsync(0, cancellationToken))
        {
            return Down(null);
        }
        try
        {
            var result = await probe.ReachAsync(cancellationToken);
            if (!result.Reachable)
            {
                return Down(result.Error);
            }
            status.ReportUp();
            return HealthCheckResult.Healthy("The database is reachable again.");
        }
        finally
        {
            _probing.Release();
        }
    }

    private HealthCheckResult Down(Exception? error) =>
        HealthCheckResult.Unhealthy($"The database cannot be reached (since {status.DownSince:u}).", error);
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
        // A request that waited too long (for a pooled connection, a lock, an answer) still answers 503, but says nothing
        // about whether the database is there: under load, taking the whole instance out for it would make things worse.
        if (!DatabaseFaults.IsBusy(exception))
        {
            status.ReportDown();
        }
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
        services.AddSingleton<DatabaseProbe>();
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddHostedService<DatabaseWatch>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return services;
    }
}
