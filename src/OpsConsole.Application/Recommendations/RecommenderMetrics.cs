namespace OpsConsole.Recommendations;

/// <summary>One generator's offline quality on a version's holdout.</summary>
public sealed record GeneratorMetrics(
    string Generator, double Precision, double Recall, double Ndcg, double Map, double HitRate,
    double Coverage, double Novelty, double Diversity, int Users, double TrainSeconds);

/// <summary>
/// What a training run measured, stored with the version as JSON. <see cref="Protocol"/> is shown on every metric
/// tile so nobody reads these as sampled metrics.
/// </summary>
public sealed record RecommenderMetrics(
    int K, DateTime Cutoff, string Protocol, string Primary, IReadOnlyList<GeneratorMetrics> Generators, RerankComparison? Rerank = null)
{
    public static string DescribeProtocol(int k, int holdoutDays) =>
        $"Temporal holdout: each generator trains on interactions first touched before the cut-off and ranks the whole catalogue " +
        $"for every learner who touched new items in the last {holdoutDays} day(s); items the learner already had are excluded, " +
        $"every newly touched item is relevant, metrics at {k} are averaged over those learners (full ranking, no sampled negatives).";

    public GeneratorMetrics? For(string generator) => Generators.FirstOrDefault(g => g.Generator == generator);
}
