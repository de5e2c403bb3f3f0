using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>The intent model registry: lists versions, promotes one to read tickets, and rolls back to one served before.</summary>
public sealed class IntentModelRegistry(IDbContextFactory<OpsDbContext> contexts, IntentModelHost host, TimeProvider clock)
{
    /// <summary>Every version, newest first, without the model bytes (a version's model can be megabytes).</summary>
    public async Task<IReadOnlyList<IntentModelVersion>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await WithoutContent(db.IntentModels.AsNoTracking()).OrderByDescending(m => m.Id).ToListAsync(cancellationToken);
    }

    public async Task<IntentModelVersion?> GetAsync(int version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await WithoutContent(db.IntentModels.AsNoTracking()).FirstOrDefaultAsync(m => m.Id == version, cancellationToken);
    }

    public async Task<IntentModelVersion?> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await WithoutContent(db.IntentModels.AsNoTracking()).FirstOrDefaultAsync(m => m.Status == IntentModelStatus.Active, cancellationToken);
    }

    /// <summary>Makes <paramref name="version"/> the one that reads tickets; the one it replaces is kept as Retired for a rollback.</summary>
    /// <exception cref="IntentModelRegistryException">No such version, or one that cannot serve.</exception>
    public async Task PromoteAsync(int version, string by, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var model = await WithoutContent(db.IntentModels).FirstOrDefaultAsync(m => m.Id == version, cancellationToken)
                ?? throw new IntentModelRegistryException($"There is no intent model version v{version}.");
            if (model.Status is IntentModelStatus.Training or IntentModelStatus.Failed)
            {
                throw new IntentModelRegistryException($"v{version} is {model.Status.ToString().ToLowerInvariant()} and cannot read tickets.");
            }
            if (model.Status == IntentModelStatus.Active)
            {
                return;
            }
            if (!await db.IntentModels.AnyAsync(m => m.Id == version && m.Content != null, cancellationToken))
            {
                throw new IntentModelRegistryException($"v{version} has no stored model to load: only the newest versions keep theirs.");
            }
            await db.IntentModels.Where(m => m.Status == IntentModelStatus.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, IntentModelStatus.Retired), cancellationToken);
            await db.IntentModels.Where(m => m.Id == version).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, IntentModelStatus.Active)
                .SetProperty(m => m.PromotedAt, clock.GetUtcNow().UtcDateTime)
                .SetProperty(m => m.PromotedBy, by.Length > 256 ? by[..256] : by), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await host.RefreshAsync(cancellationToken);
    }

    /// <summary>
    /// Serves a Retired version again: <paramref name="toVersion"/>, or when null the one promoted last before the
    /// active one. Returns the version now active.
    /// </summary>
    /// <exception cref="IntentModelRegistryException">Nothing active, nothing to go back to, or a version that was never served.</exception>
    public async Task<int> RollBackAsync(string by, int? toVersion, CancellationToken cancellationToken)
    {
        int active;
        int target;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var current = await WithoutContent(db.IntentModels.AsNoTracking()).FirstOrDefaultAsync(m => m.Status == IntentModelStatus.Active, cancellationToken)
                ?? throw new IntentModelRegistryException("No intent model version is active, so there is nothing to roll back from.");
            active = current.Id;
            if (toVersion is { } chosen)
            {
                var status = await db.IntentModels.Where(m => m.Id == chosen).Select(m => (IntentModelStatus?)m.Status).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new IntentModelRegistryException($"There is no intent model version v{chosen}.");
                if (status != IntentModelStatus.Retired)
                {
                    throw new IntentModelRegistryException($"v{chosen} is {status.ToString().ToLowerInvariant()}; only a retired version, one that served before, can be rolled back to.");
                }
                target = chosen;
            }
            else
            {
                target = await db.IntentModels.AsNoTracking()
                    .Where(m => m.Status == IntentModelStatus.Retired && m.PromotedAt != null && m.PromotedAt <= current.PromotedAt)
                    .OrderByDescending(m => m.PromotedAt).ThenByDescending(m => m.Id)
                    .Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new IntentModelRegistryException($"v{current.Id} is the first intent model version ever served: there is none to roll back to.");
            }
        }
        await PromoteAsync(target, $"{by} (rollback from v{active})", cancellationToken);
        return target;
    }

    /// <summary>
    /// Drops the stored model of every version but the active one and the newest <paramref name="keep"/> others; their
    /// figures stay. Returns how many models were dropped.
    /// </summary>
    public async Task<int> PruneAsync(int keep, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stale = await db.IntentModels.AsNoTracking()
            .Where(m => m.Content != null && m.Status != IntentModelStatus.Active)
            .OrderByDescending(m => m.Id).Skip(keep).Select(m => m.Id).ToListAsync(cancellationToken);
        return stale.Count == 0
            ? 0
            : await db.IntentModels.Where(m => stale.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Content, (byte[]?)null), cancellationToken);
    }

    /// <summary>Every column but the model bytes, so listing versions never reads megabytes per row.</summary>
    private static IQueryable<IntentModelVersion> WithoutContent(IQueryable<IntentModelVersion> versions) => versions.Select(m => new IntentModelVersion
    {
        Id = m.Id,
        StartedBy = m.StartedBy,
        StartedAt = m.StartedAt,
        DurationMs = m.DurationMs,
        TrainingExamples = m.TrainingExamples,
        TestExamples = m.TestExamples,
        Classes = m.Classes,
        Accuracy = m.Accuracy,
        MacroF1 = m.MacroF1,
        Evaluation = m.Evaluation,
        Status = m.Status,
        PromotedAt = m.PromotedAt,
        PromotedBy = m.PromotedBy,
        Error = m.Error,
    });
}

public sealed class IntentModelRegistryException(string message) : Exception(message);
