using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Retention.Churn;
using OpsConsole.Telemetry;

namespace OpsConsole.Retention;

/// <summary>
/// The churn model's versions: trains one from the platform's history, keeps its figures and bytes, and serves one at
/// a time. The first version serves at once; a later one replaces the active version without a manager only when its
/// held-out AUC is at most <see cref="AutoPromoteMargin"/> lower, otherwise it waits as Ready.
/// </summary>
public sealed class ChurnModelRegistry(
    IDbContextFactory<OpsDbContext> contexts, ChurnTrainer trainer, PlatformTime time, TimeProvider clock, OpsMetrics metrics, ILogger<ChurnModelRegistry> log)
{
    public const double AutoPromoteMargin = 0.01;
    private const int ActorMaxLength = 256;

    public async Task<ChurnModelVersion> TrainAsync(string startedBy, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        using var run = metrics.StartTraining(ServingModelReader.Churn);
        var stopwatch = Stopwatch.StartNew();
        var version = new ChurnModelVersion
        {
            StartedBy = Clip(startedBy), StartedAt = clock.GetUtcNow().UtcDateTime, Status = ChurnModelStatus.Training, Trainer = "lightgbm",
        };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.ChurnModels.Add(version);
            await db.SaveChangesAsync(cancellationToken);
        }
        try
        {
            var result = await trainer.TrainAsync(time.Today, progress, cancellationToken);
            var evaluation = result.Report.Evaluation;
            version.TrainingExamples = result.Report.TrainRows;
            version.TestExamples = result.Report.TestRows;
            version.PositiveRate = evaluation.BaseRate;
            version.Auc = evaluation.Auc ?? 0;
            version.PrAuc = evaluation.PrAuc ?? 0;
            version.LogLoss = evaluation.LogLoss;
            version.Evaluation = JsonSerializer.Serialize(result.Report);
            version.Content = result.Model;
            version.Status = ChurnModelStatus.Ready;
        }
        catch (Exception e) when (e is ChurnTrainingException or OperationCanceledException)
        {
            run.Failed(e);
            version.Status = ChurnModelStatus.Failed;
            version.Error = e is OperationCanceledException ? "Training was cancelled." : e.Message;
        }
        version.DurationMs = stopwatch.ElapsedMilliseconds;
        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            db.ChurnModels.Update(version);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        if (version.Status == ChurnModelStatus.Failed)
        {
            log.LogWarning("Churn model v{Version} was not trained: {Error}", version.Id, version.Error);
            return version;
        }

        var active = await ActiveAsync(cancellationToken);
        if (active is null || version.Auc >= active.Auc - AutoPromoteMargin)
        {
            var by = active is null ? $"{startedBy} (first model)" : $"{startedBy} (automatic)";
            await PromoteAsync(version.Id, by, cancellationToken);
            version.Status = ChurnModelStatus.Active;
            version.PromotedBy = Clip(by);
        }
        run.Trained(version.Id);
        log.LogInformation("Churn model v{Version} trained in {Ms} ms: AUC {Auc:0.000}, PR-AUC {PrAuc:0.000}, log loss {LogLoss:0.000}; {State}.",
            version.Id, version.DurationMs, version.Auc, version.PrAuc, version.LogLoss, version.Status == ChurnModelStatus.Active ? "serving" : "waits for a manager");
        return version;
    }

    public async Task<IReadOnlyList<ChurnModelVersion>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await WithoutContent(db.ChurnModels.AsNoTracking()).OrderByDescending(m => m.Id).ToListAsync(cancellationToken);
    }

    public async Task<ChurnModelVersion?> ActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await WithoutContent(db.ChurnModels.AsNoTracking()).FirstOrDefaultAsync(m => m.Status == ChurnModelStatus.Active, cancellationToken);
    }

    /// <summary>The serving version with its bytes, for the scorer.</summary>
    public async Task<(int Version, byte[] Model)?> ActiveModelAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ChurnModels.AsNoTracking().Where(m => m.Status == ChurnModelStatus.Active && m.Content != null)
            .Select(m => new { m.Id, m.Content }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Id, row.Content!);
    }

    /// <summary>Serves <paramref name="version"/>; the one it replaces is kept as Retired to roll back to.</summary>
    /// <exception cref="ChurnModelRegistryException">No such version, or one that cannot serve.</exception>
    public async Task PromoteAsync(int version, string by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var status = await db.ChurnModels.Where(m => m.Id == version).Select(m => (ChurnModelStatus?)m.Status).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ChurnModelRegistryException($"There is no churn model version v{version}.");
        if (status == ChurnModelStatus.Active)
        {
            return;
        }
        if (status is ChurnModelStatus.Training or ChurnModelStatus.Failed || !await db.ChurnModels.AnyAsync(m => m.Id == version && m.Content != null, cancellationToken))
        {
            throw new ChurnModelRegistryException($"v{version} is {status.ToString()!.ToLowerInvariant()} and has no model to serve.");
        }
        await db.ChurnModels.Where(m => m.Status == ChurnModelStatus.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, ChurnModelStatus.Retired), cancellationToken);
        await db.ChurnModels.Where(m => m.Id == version).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, ChurnModelStatus.Active)
            .SetProperty(m => m.PromotedAt, clock.GetUtcNow().UtcDateTime)
            .SetProperty(m => m.PromotedBy, Clip(by)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Serves again the version promoted last before the active one; returns it.</summary>
    public async Task<int> RollBackAsync(string by, CancellationToken cancellationToken = default)
    {
        int active;
        int target;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var current = await db.ChurnModels.AsNoTracking().Where(m => m.Status == ChurnModelStatus.Active)
                .Select(m => new { m.Id, m.PromotedAt }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new ChurnModelRegistryException("No churn model version is active, so there is nothing to roll back from.");
            active = current.Id;
            target = await db.ChurnModels.AsNoTracking()
                .Where(m => m.Status == ChurnModelStatus.Retired && m.PromotedAt != null && m.PromotedAt <= current.PromotedAt && m.Content != null)
                .OrderByDescending(m => m.PromotedAt).ThenByDescending(m => m.Id).Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new ChurnModelRegistryException($"v{current.Id} is the first churn model version served: there is none to roll back to.");
        }
        await PromoteAsync(target, $"{by} (rollback from v{active})", cancellationToken);
        return target;
    }

    private static string Clip(string text) => text.Length <= ActorMaxLength ? text : text[..ActorMaxLength];

    private static IQueryable<ChurnModelVersion> WithoutContent(IQueryable<ChurnModelVersion> versions) => versions.Select(m => new ChurnModelVersion
    {
        Id = m.Id, StartedBy = m.StartedBy, StartedAt = m.StartedAt, DurationMs = m.DurationMs, Trainer = m.Trainer,
        TrainingExamples = m.TrainingExamples, TestExamples = m.TestExamples, PositiveRate = m.PositiveRate,
        Auc = m.Auc, PrAuc = m.PrAuc, LogLoss = m.LogLoss, Evaluation = m.Evaluation, Status = m.Status,
        PromotedAt = m.PromotedAt, PromotedBy = m.PromotedBy, Error = m.Error,
    });
}

public sealed class ChurnModelRegistryException(string message) : Exception(message);

/// <summary>What one scoring run did.</summary>
public sealed record ChurnScoringRun(int? ModelVersion, int Scored, int AlertsRaised);

/// <summary>
/// Scores every learner with the serving churn model on what is known up to now, stores the scores and raises the
/// alerts they call for. The scorer of a version is kept while that version serves: loading one costs a model parse.
/// </summary>
public sealed class ChurnScoring(
    ChurnModelRegistry registry, ChurnSnapshotBuilder snapshots, ChurnScoreStore store, ChurnAlertService alerts, PlatformTime time,
    IOptions<ChurnOptions> options, ILogger<ChurnScoring> log)
{
    private (int Version, ChurnScorer Scorer)? _scorer;

    public async Task<ChurnScoringRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var model = await registry.ActiveModelAsync(cancellationToken);
        if (model is not { } serving)
        {
            log.LogInformation("Churn scoring skipped: no churn model serves yet.");
            return new ChurnScoringRun(null, 0, 0);
        }
        var scorer = _scorer is { } cached && cached.Version == serving.Version ? cached.Scorer : ChurnScorer.FromBytes(serving.Model, options.Value.Drivers);
        _scorer = (serving.Version, scorer);
        // The day after today: a snapshot holds what happened strictly before its date, so this one holds everything so far.
        var rows = await snapshots.BuildAsync(time.Today.AddDays(1), cancellationToken);
        var scores = scorer.Score(rows, cancellationToken);
        await store.WriteAsync(scores.Select(s => new ChurnScoreInput(s.LearnerId, s.Probability,
            s.Drivers.Select(d => new ChurnDriver(d.Feature, d.Sentence, d.Contribution)).ToList(), serving.Version)), cancellationToken);
        var raised = await alerts.RaiseAsync(cancellationToken);
        log.LogInformation("Churn scoring with v{Version}: {Scored} learners scored, {Raised} alerts raised.", serving.Version, scores.Count, raised.Raised.Count);
        return new ChurnScoringRun(serving.Version, scores.Count, raised.Raised.Count);
    }
}
