using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;
using OpsConsole.Telemetry;

namespace OpsConsole.Support;

/// <summary>Too few confirmed tickets to train a model; the message says how many there are and what is missing.</summary>
public sealed class IntentTrainingException(IntentTrainingReadiness readiness) : Exception(readiness.Problem ?? "The confirmed tickets are not enough to train an intent model.")
{
    public IntentTrainingReadiness Readiness { get; } = readiness;
}

/// <summary>
/// One training run of the desk's intent model: reads the most recent tickets whose intent an agent confirmed or
/// corrected, holds out a stratified share of each intent to evaluate a model trained on the rest, refits on every
/// ticket, and records the version with its figures and bytes. The first version is promoted at once; a later one
/// replaces the active version only if its macro-F1 is not worse by more than the margin, else it waits for a manager.
/// </summary>
public sealed class IntentTrainer(
    IDbContextFactory<OpsDbContext> contexts,
    IntentModelRegistry registry,
    IntentModelOptions options,
    TimeProvider clock,
    OpsMetrics metrics,
    ILogger<IntentTrainer> logger)
{
    /// <summary>Seeds the split and the learner, so the same tickets give the same version.</summary>
    public const int Seed = 42;

    /// <summary>What training now would learn from, counted in the database without reading any text.</summary>
    public async Task<IntentTrainingReadiness> ReadinessAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await Confirmed(db).GroupBy(t => t.Intent!).Select(g => new { Intent = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var merged = counts.GroupBy(c => c.Intent.Trim(), StringComparer.Ordinal)
            .Select(g => new IntentExampleCount(g.Key, g.Sum(c => c.Count)))
            .OrderByDescending(c => c.Examples).ThenBy(c => c.Intent, StringComparer.Ordinal)
            .ToArray();
        return new IntentTrainingReadiness(merged, options.MinimumExamples, options.MinimumPerIntent);
    }

    /// <exception cref="IntentTrainingException">Too few confirmed tickets; no version is recorded.</exception>
    public async Task<IntentModelVersion> TrainAsync(string startedBy, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        using var run = metrics.StartTraining(ServingModelReader.Intent);
        var stopwatch = Stopwatch.StartNew();
        var examples = await LoadAsync(cancellationToken);
        var readiness = IntentTrainingReadiness.From(examples.Select(e => e.Intent), options.MinimumExamples, options.MinimumPerIntent);
        if (!readiness.Ready)
        {
            throw new IntentTrainingException(readiness);
        }
        progress?.Report(0.05);
        var version = new IntentModelVersion { StartedBy = startedBy, StartedAt = clock.GetUtcNow().UtcDateTime, Status = IntentModelStatus.Training };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.IntentModels.Add(version);
            await db.SaveChangesAsync(cancellationToken);
        }
        try
        {
            var usable = readiness.Usable.Select(i => i.Intent).ToHashSet(StringComparer.Ordinal);
            var kept = examples.Where(e => usable.Contains(e.Intent)).ToArray();
            var split = IntentTrainingSet.Split(kept, options.TestFraction, Seed);
            var learner = new IntentTrainingOptions { Seed = Seed };
            progress?.Report(0.1);

            var measured = IntentModel.Train(split.Training.Select(e => (e.Text, e.Intent)), learner, cancellationToken);
            progress?.Report(0.45);
            var evaluation = measured.Evaluate(split.Test.Select(e => (e.Text, e.Intent)), cancellationToken);
            progress?.Report(0.5);
            // The held-out tickets were needed to measure; the model that serves learns from them too.
            var served = IntentModel.Train(kept.Select(e => (e.Text, e.Intent)), learner, cancellationToken);
            progress?.Report(0.9);

            var active = await registry.ActiveAsync(cancellationToken);
            var decision = Decide(active, evaluation.MacroF1, options.AutoPromoteMargin);
            var report = IntentModelReport.From(evaluation, split, readiness.LeftOut, options.TestFraction, Seed, decision);
            version.TrainingExamples = split.Training.Count;
            version.TestExamples = split.Test.Count;
            version.Classes = served.Intents.Count;
            version.Accuracy = evaluation.Accuracy;
            version.MacroF1 = evaluation.MacroF1;
            version.Evaluation = report.ToJson();
            version.Content = served.ToBytes();
            version.Status = IntentModelStatus.Ready;
            version.DurationMs = stopwatch.ElapsedMilliseconds;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                db.IntentModels.Update(version);
                await db.SaveChangesAsync(cancellationToken);
            }
            progress?.Report(0.95);
            if (decision.Promoted)
            {
                var by = decision.Reason == IntentPromotionReason.FirstModel ? $"{startedBy} (first model)" : $"{startedBy} (automatic)";
                await registry.PromoteAsync(version.Id, by, cancellationToken);
                version.Status = IntentModelStatus.Active;
                version.PromotedBy = by;
            }
            await registry.PruneAsync(options.KeepModels, cancellationToken);
            progress?.Report(1);
            run.Trained(version.Id);
            logger.LogInformation(
                "Intent model v{Version} trained in {Ms} ms on {Training} tickets ({Intents} intents), tested on {Test}: accuracy {Accuracy:0.000}, macro-F1 {MacroF1:0.000}; {Decision}.",
                version.Id, version.DurationMs, version.TrainingExamples, version.Classes, version.TestExamples, version.Accuracy, version.MacroF1,
                decision.Promoted ? "promoted" : $"waits for a manager (v{decision.ComparedWith} has macro-F1 {decision.ComparedMacroF1:0.000})");
            return version;
        }
        catch (Exception e)
        {
            run.Failed(e);
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            var message = e is OperationCanceledException ? "Training was cancelled." : e.Message;
            // A version already stored as Ready stays usable even if promoting it failed.
            await db.IntentModels.Where(m => m.Id == version.Id && m.Status == IntentModelStatus.Training).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, IntentModelStatus.Failed)
                .SetProperty(m => m.Error, message.Length > 2000 ? message[..2000] : message)
                .SetProperty(m => m.DurationMs, stopwatch.ElapsedMilliseconds), CancellationToken.None);
            throw;
        }
    }

    /// <summary>The first model serves at once; a later one only if it is not worse than the active one by more than the margin.</summary>
    public static IntentPromotionDecision Decide(IntentModelVersion? active, double macroF1, double margin)
    {
        if (active is null)
        {
            return new IntentPromotionDecision(true, IntentPromotionReason.FirstModel, null, null, margin);
        }
        // A hair of rounding must not hold back a model exactly at the margin.
        var within = macroF1 >= active.MacroF1 - margin - 1e-9;
        return new IntentPromotionDecision(within, within ? IntentPromotionReason.WithinMargin : IntentPromotionReason.BelowMargin, active.Id, active.MacroF1, margin);
    }

    private async Task<List<IntentExample>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Confirmed(db)
            .OrderByDescending(t => t.Id)
            .Take(options.MaximumExamples)
            .Select(t => new { t.Id, t.Subject, t.Body, t.Intent })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new IntentExample(r.Id, TicketText.Combine(r.Subject, r.Body), r.Intent!.Trim())).Where(e => e.Intent.Length > 0)];
    }

    private static IQueryable<Ticket> Confirmed(OpsDbContext db) =>
        db.Tickets.AsNoTracking().Where(t => t.IntentConfirmed && t.Intent != null && t.Intent != "");
}
