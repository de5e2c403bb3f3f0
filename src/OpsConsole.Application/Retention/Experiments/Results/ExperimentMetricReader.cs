using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Experiments.Results;

/// <summary>One exposed learner's value of a metric (<see cref="Value"/>) and of the same metric before exposure (<see cref="PrePeriod"/>).</summary>
public sealed record LearnerMetricValue(string VariantKey, DateTime ExposedAt, double Value, double PrePeriod);

/// <summary>An arm's sufficient statistics of one metric: learners, ΣY, ΣY², and the pre-period ΣX, ΣX², ΣXY for CUPED.</summary>
public sealed record ArmSums(string VariantKey, long Learners, double Sum, double SumOfSquares, double PreSum, double PreSumOfSquares, double SumOfProducts)
{
    public double Mean => Learners == 0 ? 0 : Sum / Learners;

    public static ArmSums Of(string variantKey, IEnumerable<LearnerMetricValue> values)
    {
        long n = 0;
        double sum = 0, squares = 0, pre = 0, preSquares = 0, products = 0;
        foreach (var v in values)
        {
            n++;
            sum += v.Value;
            squares += v.Value * v.Value;
            pre += v.PrePeriod;
            preSquares += v.PrePeriod * v.PrePeriod;
            products += v.Value * v.PrePeriod;
        }
        return new ArmSums(variantKey, n, sum, squares, pre, preSquares, products);
    }
}

/// <summary>
/// Reads an experiment's metric for every exposed learner from the behaviour events after (and, for CUPED, before) their
/// exposure. The database does the per-learner work — one correlated, index-backed look-up per exposure — so only one
/// small row per learner comes back, however many events there are.
/// </summary>
public sealed class ExperimentMetricReader(IDbContextFactory<OpsDbContext> contexts, IOptions<ExperimentResultsOptions> options)
{
    /// <summary>
    /// Every learner the metric can be read for at <paramref name="asOf"/>: for day-N retention only those whose day N
    /// has fully passed; for windowed metrics everyone exposed, with what they did so far.
    /// </summary>
    public async Task<IReadOnlyList<LearnerMetricValue>> ReadAsync(int experimentId, MetricSpec metric, DateTime asOf, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var window = options.Value.ConversionWindowDays;
        var pre = -options.Value.PrePeriodDays;
        var exposures = db.ExperimentExposures.AsNoTracking().Where(x => x.ExperimentId == experimentId && x.ExposedAt <= asOf);
        var events = db.Events.AsNoTracking();

        IQueryable<LearnerMetricValue> query;
        switch (metric.Metric)
        {
            case ExperimentMetric.RetentionDayN:
                var day = metric.Day ?? 1;
                var next = day + 1;
                var maturedBefore = asOf.AddDays(-next);
                // The learner's own activity only: exposures to other experiments are written by this console.
                query = exposures.Where(x => x.ExposedAt <= maturedBefore).Select(x => new LearnerMetricValue(x.VariantKey, x.ExposedAt,
                    events.Any(e => e.LearnerId == x.LearnerId && e.Type != EventType.ExperimentExposure
                        && e.OccurredAt >= x.ExposedAt.AddDays(day) && e.OccurredAt < x.ExposedAt.AddDays(next)) ? 1 : 0,
                    events.Any(e => e.LearnerId == x.LearnerId && e.Type != EventType.ExperimentExposure
                        && e.OccurredAt >= x.ExposedAt.AddDays(pre) && e.OccurredAt < x.ExposedAt) ? 1 : 0));
                break;
            case ExperimentMetric.PurchaseConversion or ExperimentMetric.MembershipRenewal:
                var types = metric.Metric == ExperimentMetric.PurchaseConversion
                    ? new[] { EventType.Purchase }
                    : [EventType.MembershipRenew, EventType.MembershipStart];
                query = exposures.Select(x => new LearnerMetricValue(x.VariantKey, x.ExposedAt,
                    events.Any(e => e.LearnerId == x.LearnerId && types.Contains(e.Type)
                        && e.OccurredAt >= x.ExposedAt && e.OccurredAt < x.ExposedAt.AddDays(window)) ? 1 : 0,
                    events.Any(e => e.LearnerId == x.LearnerId && types.Contains(e.Type)
                        && e.OccurredAt >= x.ExposedAt.AddDays(pre) && e.OccurredAt < x.ExposedAt) ? 1 : 0));
                break;
            case ExperimentMetric.RevenuePerLearner:
                // Amounts are cast to floating point in SQL: SQLite keeps decimals as text, which it cannot add up.
                query = exposures.Select(x => new LearnerMetricValue(x.VariantKey, x.ExposedAt,
                    (events.Where(e => e.LearnerId == x.LearnerId && e.OccurredAt >= x.ExposedAt && e.OccurredAt < x.ExposedAt.AddDays(window)
                            && (e.Type == EventType.Purchase || e.Type == EventType.MembershipStart || e.Type == EventType.MembershipRenew || e.Type == EventType.Refund))
                        .Sum(e => e.Type == EventType.Refund ? -(double?)e.Amount : (double?)e.Amount) ?? 0),
                    (events.Where(e => e.LearnerId == x.LearnerId && e.OccurredAt >= x.ExposedAt.AddDays(pre) && e.OccurredAt < x.ExposedAt
                            && (e.Type == EventType.Purchase || e.Type == EventType.MembershipStart || e.Type == EventType.MembershipRenew || e.Type == EventType.Refund))
                        .Sum(e => e.Type == EventType.Refund ? -(double?)e.Amount : (double?)e.Amount) ?? 0)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        }
        return await query.ToListAsync(cancellationToken);
    }

    /// <summary>The per-arm sums of the metric, one row per variant that has readable learners.</summary>
    public async Task<IReadOnlyList<ArmSums>> ReadArmsAsync(int experimentId, MetricSpec metric, DateTime asOf, CancellationToken cancellationToken = default)
    {
        var values = await ReadAsync(experimentId, metric, asOf, cancellationToken);
        return [.. values.GroupBy(v => v.VariantKey, StringComparer.Ordinal).Select(g => ArmSums.Of(g.Key, g)).OrderBy(a => a.VariantKey, StringComparer.Ordinal)];
    }
}
