using System.Text.Json;
using OpsConsole.Recommendations;

namespace OpsConsole.Web.Components.Recommendations;

/// <summary>A model version as the registry page shows it: the stored run with its metrics read back from JSON.</summary>
public sealed record ModelRow(RecommenderModel Model, RecommenderMetrics? Metrics)
{
    public int Version => Model.Id;

    /// <summary>The offline figures of the generator that ranks this version's lists; null when the re-ranker ranks them.</summary>
    public GeneratorMetrics? Primary => Metrics?.For(Metrics.Primary);

    /// <summary>The learned re-ranker's comparison with the best generator, when it was trained and ranks the lists.</summary>
    public RerankComparison? Rerank => Metrics is { Primary: ModelBundle.Rerank, Rerank: { } rerank } ? rerank : null;

    /// <summary>NDCG@K of what ranks the lists: the generator on every held-out learner, or the re-ranker on its judging half.</summary>
    public double? RankingNdcg => Primary?.Ndcg ?? Rerank?.Ndcg;

    public double? RankingPrecision => Primary?.Precision ?? Rerank?.Precision;

    public bool CanPromote => Model.Status is RecommenderModelStatus.Ready or RecommenderModelStatus.Retired;

    public static ModelRow From(RecommenderModel model) => new(model, Read(model.Metrics));

    public static IReadOnlyList<ModelRow> From(IEnumerable<RecommenderModel> models) => [.. models.Select(From)];

    /// <summary>Metrics of a run that failed or predates a field are missing rather than a broken page.</summary>
    public static RecommenderMetrics? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<RecommenderMetrics>(json, RecommenderTrainer.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
