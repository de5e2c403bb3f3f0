using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Recommendations;

/// <summary>The model registry: lists versions, promotes one to serve, and rolls back to the one served before.</summary>
public sealed class RecommenderRegistry(IDbContextFactory<OpsDbContext> contexts, RecommenderHost host, TimeProvider clock)
{
    public async Task<IReadOnlyList<RecommenderModel>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RecommenderModels.AsNoTracking().OrderByDescending(m => m.Id).ToListAsync(cancellationToken);
    }

    public async Task<RecommenderModel?> GetAsync(int version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RecommenderModels.AsNoTracking().FirstOrDefaultAsync(m => m.Id == version, cancellationToken);
    }

    public async Task<RecommenderModel?> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RecommenderModels.AsNoTracking().FirstOrDefaultAsync(m => m.Status == RecommenderModelStatus.Active, cancellationToken);
    }

    /// <summary>Makes <paramref name="version"/> the one serving; the one it replaces is kept as Retired for a rollback.</summary>
    public async Task PromoteAsync(int version, string by, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var model = await db.RecommenderModels.FirstOrDefaultAsync(m => m.Id == version, cancellationToken)
                ?? throw new RecommenderRegistryException($"There is no model version v{version}.");
            if (model.Status is RecommenderModelStatus.Training or RecommenderModelStatus.Failed)
            {
                throw new RecommenderRegistryException($"v{version} is {model.Status.ToString().ToLowerInvariant()} and cannot serve.");
            }
            if (model.Status == RecommenderModelStatus.Active)
            {
                return;
            }
            await db.RecommenderModels.Where(m => m.Status == RecommenderModelStatus.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, RecommenderModelStatus.Retired), cancellationToken);
            model.Status = RecommenderModelStatus.Active;
            model.PromotedAt = clock.GetUtcNow().UtcDateTime;
            model.PromotedBy = by;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await host.RefreshAsync(cancellationToken);
    }

    /// <summary>Serves again the version promoted before the active one.</summary>
    public async Task<int> RollBackAsync(string by, CancellationToken cancellationToken)
    {
        int previous;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var active = await db.RecommenderModels.AsNoTracking().FirstOrDefaultAsync(m => m.Status == RecommenderModelStatus.Active, cancellationToken)
                ?? throw new RecommenderRegistryException("No version is active, so there is nothing to roll back from.");
            previous = await db.RecommenderModels.AsNoTracking()
                .Where(m => m.Status == RecommenderModelStatus.Retired && m.PromotedAt != null && m.PromotedAt <= active.PromotedAt)
                .OrderByDescending(m => m.PromotedAt).ThenByDescending(m => m.Id)
                .Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new RecommenderRegistryException($"v{active.Id} is the first version ever served: there is none to roll back to.");
        }
        await PromoteAsync(previous, by, cancellationToken);
        return previous;
    }
}

public sealed class RecommenderRegistryException(string message) : Exception(message);
