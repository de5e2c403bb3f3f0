using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>The intent model that reads tickets, loaded from its version.</summary>
public sealed record ActiveIntentModel(int Version, IntentModel Model);

/// <summary>
/// Holds the active intent model in memory for the desk. Every few seconds one caller looks whether another version
/// became active (promoted here or on another instance) and loads it off the caller's path; readings go on with the
/// model they hold until the new one replaces it in one reference swap, so a promotion never stalls or drops a ticket.
/// </summary>
public sealed class IntentModelHost(
    IDbContextFactory<OpsDbContext> contexts,
    IntentModelOptions options,
    TimeProvider clock,
    ILogger<IntentModelHost> logger) : IIntentClassifier
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ActiveIntentModel? _current;
    private long _checkedAt = long.MinValue / 2;
    private int? _unreadable;

    public ActiveIntentModel? Current => _current;

    /// <summary>Reads the intent of a ticket with the active model; null while no model is active.</summary>
    public IntentReading? Classify(string subject, string body)
    {
        RefreshInBackgroundIfDue();
        if (_current is not { } current)
        {
            return null;
        }
        var prediction = current.Model.Predict(TicketText.Combine(subject, body));
        return new IntentReading(prediction.Intent, prediction.Confidence, current.Version,
            [.. prediction.Top.Skip(1).Select(s => (s.Intent, (double)s.Probability))]);
    }

    /// <summary>The active model, refreshed first when a check is due; waits for a first load rather than answer "none".</summary>
    public async ValueTask<ActiveIntentModel?> GetAsync(CancellationToken cancellationToken)
    {
        if (!Due)
        {
            return _current;
        }
        if (_current is null)
        {
            await _gate.WaitAsync(cancellationToken);
        }
        else if (!_gate.Wait(0))
        {
            return _current;
        }
        try
        {
            if (Due)
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

    /// <summary>Loads the active version now (at start-up, and after a promotion on this instance).</summary>
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

    private bool Due => clock.GetElapsedTime(Interlocked.Read(ref _checkedAt)).TotalSeconds >= options.ActiveModelPollSeconds;

    /// <summary>Classification is synchronous, so the check runs beside it; only one runs at a time.</summary>
    private void RefreshInBackgroundIfDue()
    {
        if (!Due || !_gate.Wait(0))
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                if (Due)
                {
                    await RefreshCoreAsync(CancellationToken.None);
                }
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not check which intent model version is active; readings go on with v{Version}.", _current?.Version);
            }
            finally
            {
                _gate.Release();
            }
        });
    }

    private async Task RefreshCoreAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var active = await db.IntentModels.AsNoTracking()
            .Where(m => m.Status == IntentModelStatus.Active)
            .Select(m => (int?)m.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (active is null)
        {
            if (_current is { } dropped)
            {
                logger.LogInformation("No intent model version is active any more (v{Version} was): tickets go unread.", dropped.Version);
            }
            _current = null;
            return;
        }
        if (_current?.Version == active || _unreadable == active)
        {
            return;
        }
        var content = await db.IntentModels.AsNoTracking().Where(m => m.Id == active).Select(m => m.Content).FirstOrDefaultAsync(cancellationToken);
        try
        {
            var model = IntentModel.FromBytes(content ?? throw new InvalidDataException("The version has no stored model."));
            _current = new ActiveIntentModel(active.Value, model);
            _unreadable = null;
            logger.LogInformation("Reading tickets with intent model v{Version} ({Intents} intents).", active, model.Intents.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Keep reading with the model held rather than with none; said once, not at every check.
            _unreadable = active;
            logger.LogError(e, "Intent model v{Version} is active but cannot be loaded; readings go on with v{Held}.", active, _current?.Version);
        }
    }
}
