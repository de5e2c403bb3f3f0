using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Experiments.Results;

/// <summary>
/// What the target has recently looked like, to size an experiment before it runs: the metric's rate (or mean and
/// spread) and how many learners of the target turn up per day. Null figures mean there is no history to read.
/// </summary>
public sealed record PlanningBaseline(double? Baseline, double? StandardDeviation, double? DailyEligible, long Learners);

public sealed class ExperimentPlanner(IDbContextFactory<OpsDbContext> contexts, IOptions<ExperimentResultsOptions> options, PlatformTime time)
{
    /// <summary>Days of history the daily number of eligible learners is averaged over.</summary>
    public const int EligibleDays = 28;

    /// <param name="segmentId">The target segment, or null for every learner.</param>
    public async Task<PlanningBaseline> BaselineAsync(int? segmentId, MetricSpec metric, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = time.Today;
        var now = time.StartOfDayUtc(today);
        var events = db.Events.AsNoTracking().Where(e => e.Type != EventType.ExperimentExposure);
        var target = segmentId is { } id
            ? db.SegmentMembers.Where(m => m.SegmentId == id).Select(m => m.LearnerId)
            : db.Learners.Select(l => l.Id);

        var since = now.AddDays(-EligibleDays);
        var recent = await target.CountAsync(l => events.Any(e => e.LearnerId == l && e.OccurredAt >= since && e.OccurredAt < now), cancellationToken);
        double? daily = recent > 0 ? recent / (double)EligibleDays : null;

        if (metric.Metric == ExperimentMetric.RetentionDayN)
        {
            // Learners active on one anchor day, and how many of them came back exactly N days later.
            var n = metric.Day ?? 1;
            var anchor = time.StartOfDayUtc(today.AddDays(-(n + 1)));
            var anchorEnd = anchor.AddDays(1);
            var back = anchor.AddDays(n);
            var backEnd = back.AddDays(1);
            var active = target.Where(l => events.Any(e => e.LearnerId == l && e.OccurredAt >= anchor && e.OccurredAt < anchorEnd));
            var cohort = await active.CountAsync(cancellationToken);
            var retained = await active.CountAsync(l => events.Any(e => e.LearnerId == l && e.OccurredAt >= back && e.OccurredAt < backEnd), cancellationToken);
            return new PlanningBaseline(cohort > 0 ? retained / (double)cohort : null, null, daily, cohort);
        }

        // The windowed metrics, over the target's learners active in the last window.
        var windowStart = now.AddDays(-options.Value.ConversionWindowDays);
        var learners = target.Where(l => events.Any(e => e.LearnerId == l && e.OccurredAt >= windowStart && e.OccurredAt < now));
        var count = await learners.CountAsync(cancellationToken);
        if (count == 0)
        {
            return new PlanningBaseline(null, null, daily, 0);
        }
        if (metric.Metric == ExperimentMetric.RevenuePerLearner)
        {
            var values = await learners.Select(l => events.Where(e => e.LearnerId == l && e.OccurredAt >= windowStart && e.OccurredAt < now
                    && (e.Type == EventType.Purchase || e.Type == EventType.MembershipStart || e.Type == EventType.MembershipRenew || e.Type == EventType.Refund))
                .Sum(e => e.Type == EventType.Refund ? -(double?)e.Amount : (double?)e.Amount) ?? 0).ToListAsync(cancellationToken);
            var mean = values.Average();
            var sd = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
            return new PlanningBaseline(mean, sd, daily, count);
        }
        var types = metric.Metric == ExperimentMetric.PurchaseConversion
            ? new[] { EventType.Purchase }
            : [EventType.MembershipRenew, EventType.MembershipStart];
        var converted = await learners.CountAsync(l => events.Any(e => e.LearnerId == l && types.Contains(e.Type) && e.OccurredAt >= windowStart && e.OccurredAt < now), cancellationToken);
        return new PlanningBaseline(converted / (double)count, null, daily, count);
    }
}
