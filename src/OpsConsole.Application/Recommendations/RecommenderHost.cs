using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;

namespace OpsConsole.Recommendations;

/// <summary>
/// Holds the active model version and the catalogue in memory for serving. Every few seconds one request looks
/// whether another version became active (promoted here or on another instance) and re-reads the catalogue (an
/// item retired a minute ago must not be offered); the others go on with the state they hold, so a swap never
/// drops or stalls a request.
/// </summary>
public sealed class RecommenderHost(
    IDbContextFactory<OpsDbContext> contexts,
    RecommenderGenerators generators,
    RecommenderOptions options,
    TimeProvider clock,
    ILogger<RecommenderHost> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ServingState? _current;
    private long _checkedAt = long.MinValue / 2;
    private volatile bool _loaded;

    public ServingState? Current => _current;

    public async ValueTask<ServingState?> GetAsync(CancellationToken cancellationToken)
    {
        // Until the first load has finished, "not due" only means someone is loading: wait for them rather than answer
        // "no model" to the requests that arrive in the first moments after start.
        if (!Due && _loaded)
        {
            return _current;
        }
        if (_current is null)
        {
            // Nothing to serve with yet: wait for whoever is loading rather than answer "no model".
            await _gate.WaitAsync(cancellationToken);
        }
        else if (!_gate.Wait(0))
        {
            return _current;
        }
        try
        {
            if (Due || !_loaded)
            {
                await RefreshCoreAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
        return _current;
    }

    private bool Due => clock.GetElapsedTime(Interlocked.Read(ref _checkedAt)).TotalSeconds >= options.ActiveModelPollSeconds;

    /// <summary>Loads the active version now (after a promotion on this instance, and at start-up).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RefreshCoreAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshCoreAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var active = await db.RecommenderModels.AsNoTracking()
            .Where(m => m.Status == RecommenderModelStatus.Active)
            .Select(m => (int?)m.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (active is null)
        {
            _current = null;
            _loaded = true;
            return;
        }
        var bundle = _current?.Bundle is { } held && held.Version == active ? held : null;
        if (bundle is null)
        {
            var content = await db.RecommenderArtifacts.AsNoTracking()
                .Where(a => a.ModelId == active)
                .Select(a => a.Content)
                .FirstAsync(cancellationToken);
            bundle = ModelBundle.FromBytes(content, generators.Find).WithVersion(active.Value);
            logger.LogInformation("Serving recommender model v{Version} ({Primary}).", active, bundle.Primary);
        }
        var catalog = await db.Catalog.AsNoTracking().ToListAsync(cancellationToken);
        _current = ServingState.Create(bundle, catalog, clock.GetUtcNow().UtcDateTime);
        _loaded = true;
    }
}
