using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;
using OpsConsole.Telemetry;

namespace OpsConsole.Recommendations;

/// <summary>
/// One training run: reads the window's interactions, evaluates every generator on a temporal holdout, picks the
/// best by NDCG@K, trains the learned re-ranker and keeps it only if it beats that generator on held-out learners,
/// retrains every generator on the whole window, and records the version with its metrics and artifact. The first version ever trained is promoted at once so a new install serves something.
/// </summary>
public sealed class RecommenderTrainer(
    IDbContextFactory<OpsDbContext> contexts,
    RecommenderGenerators generators,
    RecommenderRegistry registry,
    RerankerTraining reranking,
    RecommenderOptions options,
    TimeProvider clock,
    OpsMetrics metrics,
    ILogger<RecommenderTrainer> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RecommenderModel> TrainAsync(string startedBy, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        using var run = metrics.StartTraining(ServingModelReader.Recommender);
        var stopwatch = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var model = new RecommenderModel
        {
            StartedBy = startedBy,
            StartedAt = now,
            DataFrom = now.AddDays(-options.HistoryDays),
            DataTo = now,
            Status = RecommenderModelStatus.Training,
            Parameters = JsonSerializer.Serialize(new
            {
                options.HistoryDays, options.HoldoutDays, options.EvaluationK, options.EaseLambda, options.EaseMaxItems,
                options.PopularityHalfLifeDays, Weights = InteractionSignals.Weights.ToDictionary(w => w.Key.ToString(), w => w.Value),
            }, Json),
        };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.RecommenderModels.Add(model);
            await db.SaveChangesAsync(cancellationToken);
        }
        try
        {
            progress?.Report(0.02);
            var data = await RecommenderData.LoadAsync(contexts, model.DataFrom, model.DataTo, cancellationToken);
            if (data.Interactions.Count == 0)
            {
                throw new InvalidOperationException($"No learner touched a catalogue item between {model.DataFrom:yyyy-MM-dd} and {model.DataTo:yyyy-MM-dd}: nothing to learn from.");
            }
            progress?.Report(0.15);
            var set = generators.ForTraining();
            var cutoff = now.AddDays(-options.HoldoutDays);
            var (train, test) = data.SplitAt(cutoff);
            var evaluated = new List<GeneratorMetrics>();
            // Shared tags are what an operator can check against the catalogue, so diversity is measured with them.
            var similarity = RankingMetrics.TagCosine(train.Items);
            var splitModels = new Dictionary<string, ICandidateModel>(StringComparer.Ordinal);
            var steps = set.Count * 2.0 + 1;
            var done = 0;
            foreach (var generator in set)
            {
                var watch = Stopwatch.StartNew();
                var candidate = generator.Train(train, cancellationToken);
                var seconds = watch.Elapsed.TotalSeconds;
                splitModels[candidate.Generator] = candidate;
                var report = OfflineEvaluation.Evaluate(candidate, train, test, options.EvaluationK, similarity, cancellationToken);
                evaluated.Add(new GeneratorMetrics(candidate.Generator, report.Precision, report.Recall, report.Ndcg, report.Map, report.HitRate,
                    report.Coverage, report.Novelty, report.Diversity ?? 0, report.Users, seconds));
                progress?.Report(0.15 + 0.8 * ++done / steps);
            }
            // Popularity and content are fallbacks, not rankers: they win only when nothing personal does better.
            var best = evaluated.Where(m => m.Users > 0).OrderByDescending(m => m.Ndcg).ThenBy(m => m.Generator, StringComparer.Ordinal)
                .FirstOrDefault() ?? evaluated[0];
            var (reranker, _, rerank) = await reranking.TrainAsync(data, train, test, splitModels, best, options.EvaluationK, cutoff, cancellationToken);
            var primary = reranker is not null ? ModelBundle.Rerank : best.Generator;
            progress?.Report(0.15 + 0.8 * ++done / steps);

            var full = data.ToTrainingSet(data.Interactions);
            var models = new Dictionary<string, ICandidateModel>(StringComparer.Ordinal);
            foreach (var generator in set)
            {
                var trained = generator.Train(full, cancellationToken);
                models[trained.Generator] = trained;
                progress?.Report(0.15 + 0.8 * ++done / steps);
            }
            var bundle = new ModelBundle(model.Id, primary, [.. data.Catalog.Select(i => i.Id)], models, ChannelPopularity(data, options.PopularityHalfLifeDays),
                reranker, reranker is null ? null : new RerankFeatures([.. data.Catalog.Select(i => i.Topic)], RerankFeatures.CountLearners(full)));
            var metrics = new RecommenderMetrics(options.EvaluationK, cutoff, RecommenderMetrics.DescribeProtocol(options.EvaluationK, options.HoldoutDays),
                primary, evaluated, rerank);

            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                db.RecommenderArtifacts.Add(new RecommenderArtifact { ModelId = model.Id, Content = bundle.ToBytes() });
                db.RecommenderModels.Attach(model);
                model.Algorithm = primary;
                model.Metrics = JsonSerializer.Serialize(metrics, Json);
                model.Learners = data.LearnerIds.Count;
                model.Items = data.Catalog.Count;
                model.Interactions = data.Interactions.Count;
                model.Status = RecommenderModelStatus.Ready;
                model.FinishedAt = clock.GetUtcNow().UtcDateTime;
                model.DurationMs = stopwatch.ElapsedMilliseconds;
                await db.SaveChangesAsync(cancellationToken);
            }
            if (await registry.ActiveAsync(cancellationToken) is null)
            {
                await registry.PromoteAsync(model.Id, $"{startedBy} (first model)", cancellationToken);
                model.Status = RecommenderModelStatus.Active;
            }
            progress?.Report(1);
            run.Trained(model.Id);
            logger.LogInformation("Recommender v{Version} trained in {Ms} ms: {Primary} ranks ({Learners} learners, {Items} items).",
                model.Id, model.DurationMs, primary, model.Learners, model.Items);
            return model;
        }
        catch (Exception e)
        {
            run.Failed(e);
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            await db.RecommenderModels.Where(m => m.Id == model.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, RecommenderModelStatus.Failed)
                .SetProperty(m => m.Error, e.Message.Length > 2000 ? e.Message[..2000] : e.Message)
                .SetProperty(m => m.FinishedAt, clock.GetUtcNow().UtcDateTime)
                .SetProperty(m => m.DurationMs, stopwatch.ElapsedMilliseconds), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Time-decayed item popularity among the learners of each channel, for learners who arrive with no history.</summary>
    internal static Dictionary<string, float[]> ChannelPopularity(RecommenderData data, double halfLifeDays)
    {
        var now = new DateTimeOffset(data.To).ToUnixTimeSeconds();
        var byChannel = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var interaction in data.Interactions)
        {
            if (data.Channels[interaction.User] is not { } channel)
            {
                continue;
            }
            if (!byChannel.TryGetValue(channel, out var scores))
            {
                byChannel[channel] = scores = new float[data.Catalog.Count];
            }
            var ageDays = Math.Max(0, now - interaction.Timestamp) / 86_400.0;
            scores[interaction.Item] += (float)Math.Pow(0.5, ageDays / halfLifeDays);
        }
        return byChannel;
    }
}
