using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Recommendations;
using OpsConsole.Retention;
using OpsConsole.Support;

namespace OpsConsole.Telemetry;

/// <summary>
/// Reads which version of each model serves, and its headline figure, from the model registries into the gauges.
/// Gauge callbacks must not query a database, so this runs before a scrape and on a timer instead.
/// </summary>
public sealed class ServingModelReader(IDbContextFactory<OpsDbContext> contexts, OpsMetrics metrics)
{
    public const string Recommender = "recommender";
    public const string Intent = "intent";
    public const string Churn = "churn";

    public async Task<IReadOnlyList<ServingModel>> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var serving = new List<ServingModel>(3);
        var recommender = await db.RecommenderModels.AsNoTracking().Where(m => m.Status == RecommenderModelStatus.Active)
            .Select(m => new { m.Id, m.Metrics }).FirstOrDefaultAsync(cancellationToken);
        if (recommender is not null)
        {
            var (metric, value) = RankingNdcg(recommender.Metrics);
            serving.Add(new ServingModel(Recommender, recommender.Id, metric, value));
        }
        var intent = await db.IntentModels.AsNoTracking().Where(m => m.Status == IntentModelStatus.Active)
            .Select(m => new { m.Id, m.MacroF1 }).FirstOrDefaultAsync(cancellationToken);
        if (intent is not null)
        {
            serving.Add(new ServingModel(Intent, intent.Id, "macro_f1", intent.MacroF1));
        }
        var churn = await db.ChurnModels.AsNoTracking().Where(m => m.Status == ChurnModelStatus.Active)
            .Select(m => new { m.Id, m.Auc }).FirstOrDefaultAsync(cancellationToken);
        if (churn is not null)
        {
            serving.Add(new ServingModel(Churn, churn.Id, "auc", churn.Auc));
        }
        metrics.Serving = serving;
        return serving;
    }

    /// <summary>NDCG@K of what ranks the lists: the chosen generator on every held-out learner, or the re-ranker on its judging half.</summary>
    internal static (string? Metric, double? Value) RankingNdcg(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, null);
        }
        RecommenderMetrics? metrics;
        try
        {
            metrics = JsonSerializer.Deserialize<RecommenderMetrics>(json, RecommenderTrainer.Json);
        }
        catch (JsonException)
        {
            return (null, null);
        }
        if (metrics is null)
        {
            return (null, null);
        }
        var ndcg = metrics.For(metrics.Primary)?.Ndcg ?? (metrics.Primary == ModelBundle.Rerank ? metrics.Rerank?.Ndcg : null);
        return ndcg is null ? (null, null) : ($"ndcg_at_{metrics.K}", ndcg);
    }
}
