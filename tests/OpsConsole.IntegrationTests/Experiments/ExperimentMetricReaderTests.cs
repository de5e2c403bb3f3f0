using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Experiments.Results;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using static OpsConsole.IntegrationTests.Experiments.ExperimentWorld;

namespace OpsConsole.IntegrationTests.Experiments;

public sealed class ExperimentMetricReaderTests
{
    private static readonly DateTime Now = Start.UtcDateTime;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ArmSums Arm(IReadOnlyList<ArmSums> arms, string key) => arms.Single(a => a.VariantKey == key);

    [Theory, DatabaseProviders]
    public async Task ReadArmsAsync_RetentionDayOne_CountsOnlyMaturedLearnersAndEventsInsideTheDay(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var experiment = await world.RunningAsync(Draft());
        var exposed = Now.AddDays(-3);
        await world.ExposeAsync(experiment.Id,
        [
            ("back-inside", "control", exposed), ("back-at-end", "control", exposed),
            ("back-at-start", "reminder", exposed), ("matures-now", "reminder", Now.AddDays(-2)), ("not-matured", "reminder", Now.AddDays(-1.5)),
        ]);
        await world.EventsAsync(
        [
            ("back-inside", EventType.Login, exposed.AddDays(1).AddHours(1), null),
            ("back-inside", EventType.View, exposed.AddDays(-13), null),
            ("back-at-end", EventType.Login, exposed.AddDays(2), null),
            ("back-at-end", EventType.Login, exposed.AddDays(-15), null),
            ("back-at-start", EventType.Login, exposed.AddDays(1), null),
            ("back-at-start", EventType.ExperimentExposure, exposed.AddDays(-1), null),
            ("not-matured", EventType.Login, Now.AddDays(-0.25), null),
        ]);

        var arms = await world.Reader.ReadArmsAsync(experiment.Id, new MetricSpec(ExperimentMetric.RetentionDayN, 1), Now, Ct);

        Assert.Equal((2L, 1.0, 1.0), (Arm(arms, "control").Learners, Arm(arms, "control").Sum, Arm(arms, "control").PreSum));
        Assert.Equal((2L, 1.0, 0.0), (Arm(arms, "reminder").Learners, Arm(arms, "reminder").Sum, Arm(arms, "reminder").PreSum));
        Assert.Equal(1.0, Arm(arms, "control").SumOfProducts);
    }

    [Theory, DatabaseProviders]
    public async Task ReadArmsAsync_WindowedMetrics_CountPurchasesRenewalsAndNetRevenueInsideTheWindowAndThePrePeriodApart(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var experiment = await world.RunningAsync(Draft());
        var exposed = Now.AddDays(-20);
        await world.ExposeAsync(experiment.Id, [("buys-late", "control", exposed), ("buys-after", "control", exposed), ("renews", "reminder", exposed), ("bought-before", "reminder", exposed)]);
        await world.EventsAsync(
        [
            ("buys-late", EventType.Purchase, exposed.AddDays(14).AddSeconds(-1), 100m),
            ("buys-late", EventType.Refund, exposed.AddDays(2), 30m),
            ("buys-after", EventType.Purchase, exposed.AddDays(14), 50m),
            ("renews", EventType.MembershipRenew, exposed.AddDays(3), 200m),
            ("bought-before", EventType.Purchase, exposed.AddHours(-1), 80m),
            ("bought-before", EventType.Purchase, exposed.AddDays(-14).AddSeconds(-1), 999m),
        ]);

        var purchase = await world.Reader.ReadArmsAsync(experiment.Id, new MetricSpec(ExperimentMetric.PurchaseConversion), Now, Ct);
        var renewal = await world.Reader.ReadArmsAsync(experiment.Id, new MetricSpec(ExperimentMetric.MembershipRenewal), Now, Ct);
        var revenue = await world.Reader.ReadArmsAsync(experiment.Id, new MetricSpec(ExperimentMetric.RevenuePerLearner), Now, Ct);

        Assert.Equal((1.0, 0.0), (Arm(purchase, "control").Sum, Arm(purchase, "control").PreSum));
        Assert.Equal((0.0, 1.0), (Arm(purchase, "reminder").Sum, Arm(purchase, "reminder").PreSum));
        Assert.Equal((0.0, 1.0), (Arm(renewal, "control").Sum, Arm(renewal, "reminder").Sum));
        Assert.Equal(70.0, Arm(revenue, "control").Sum, 6);
        Assert.Equal(70.0 * 70.0, Arm(revenue, "control").SumOfSquares, 6);
        Assert.Equal((200.0, 80.0), (Arm(revenue, "reminder").Sum, Arm(revenue, "reminder").PreSum));
    }

    [Fact]
    public async Task ReadArmsAsync_ExposedAfterAsOf_LeavesThemOut()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        var experiment = await world.RunningAsync(Draft());
        await world.ExposeAsync(experiment.Id, [("early", "control", Now.AddDays(-1)), ("later", "control", Now.AddDays(1))]);

        var arms = await world.Reader.ReadArmsAsync(experiment.Id, new MetricSpec(ExperimentMetric.PurchaseConversion), Now, Ct);

        Assert.Equal(1L, Arm(arms, "control").Learners);
    }
}
