using Microsoft.EntityFrameworkCore;
using OpsConsole.Experiments;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Tests.Components;

namespace OpsConsole.Tests.Experiments;

/// <summary>
/// A renewal experiment as the real experiment service creates and starts it, with learners exposed to each arm and the
/// renewals some of them made afterwards, written to the test database as the platform's events would be.
/// </summary>
internal sealed class ResultsData(TestDatabase database)
{
    public const string Key = "renewal-nudge";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private int _events;

    public ExperimentService Experiments { get; } = new(database.Factory, TimeProvider.System);

    /// <summary>Renewal rate primary, revenue per learner guardrail; control and one treatment split evenly.</summary>
    public async Task<Experiment> CreateAsync(bool start = true)
    {
        var draft = new ExperimentDraft(Key, "Renewal nudge", "A reminder before renewal keeps more members.", null, null,
            new MetricSpec(ExperimentMetric.MembershipRenewal), [new MetricSpec(ExperimentMetric.RevenuePerLearner)], 0.05,
            [new VariantDraft("control", "Control", 0.5, "{}", 0, true), new VariantDraft("reminder", "Reminder", 0.5, """{"action":"renewal_reminder"}""", 1.5m, false)]);
        var experiment = await Experiments.CreateAsync(draft, "seed", Ct);
        if (start)
        {
            await Experiments.StartAsync(Key, "seed", Ct);
        }
        return experiment;
    }

    /// <summary>Exposes <paramref name="count"/> new learners to the arm 20 days ago; the first <paramref name="renewing"/> renew (100 each) two days later.</summary>
    public async Task ExposeAsync(int experimentId, string variant, int count, int renewing, int from = 0)
    {
        var exposedAt = DateTime.UtcNow.AddDays(-20);
        await using var db = await database.Factory.CreateDbContextAsync(Ct);
        for (var i = from; i < from + count; i++)
        {
            var id = $"{variant}-{i}";
            var at = exposedAt.AddMinutes(i);
            db.Learners.Add(new Learner { Id = id, Channel = "organic", SignupAt = at.AddDays(-90), CreatedAt = at.AddDays(-90) });
            db.ExperimentExposures.Add(new ExperimentExposure { ExperimentId = experimentId, LearnerId = id, VariantKey = variant, ExposedAt = at });
            if (i - from < renewing)
            {
                db.Events.Add(new BehaviorEvent
                {
                    EventId = $"renew-{++_events}-{id}", LearnerId = id, Type = EventType.MembershipRenew, OccurredAt = at.AddDays(2), ReceivedAt = at.AddDays(2),
                    Amount = 100m, Currency = "CNY",
                });
            }
        }
        await db.SaveChangesAsync(Ct);
    }

    public async Task<ExperimentDetails> DetailsAsync() => (await Experiments.GetAsync(Key, Ct))!;
}
