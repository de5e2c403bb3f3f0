using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OpsConsole.Access;
using OpsConsole.Experiments;
using OpsConsole.Retention;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Live;
using OpsConsole.Web.Components.Retention.Alerts;

namespace OpsConsole.Tests.ChurnAlerts;

public sealed class AlertsPageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly AlertSeed _seed;

    public AlertsPageTests()
    {
        _seed = new AlertSeed(_database);
        _seed.Register(Services);
        JSInterop.SetupModule(LiveUpdates.ModulePath).SetupModule("connect", _ => true);
    }

    private IRenderedComponent<ContainerFragment> Open()
    {
        var page = RenderWithProviders<AlertsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-grid--alerts")));
        return page;
    }

    private static string[] Learners(IRenderedComponent<ContainerFragment> page) => [.. page.FindAll(".ops-alert-link").Select(a => a.TextContent)];

    [Fact]
    public void Render_UnresolvedAlerts_ListsThemNewestFirstWithRiskTierAndDriver()
    {
        SignInAs("Li Na", Roles.Operator);
        _seed.Alert("u-old", 0.75, daysAgo: 3);
        _seed.Alert("u-new", 0.82, ValueTier.High);
        _seed.Alert("u-done", 0.9, status: ChurnAlertStatus.Resolved);

        var page = Open();

        page.WaitForAssertion(() => Assert.Equal(["u-new", "u-old"], Learners(page)));
        var first = page.FindAll(".ops-alert-row")[0];
        Assert.Equal("82%", first.QuerySelector(".ops-risk__value")!.TextContent);
        Assert.Equal("High value", first.QuerySelector(".ops-tier")!.TextContent);
        Assert.Equal("No activity for 12 days", first.QuerySelector(".ops-alert-driver")!.TextContent);
        Assert.Equal("/retention/alerts/export.csv?status=unresolved&sort=raised&desc=true", page.Find(".ops-export").GetAttribute("href"));
        Assert.Empty(page.FindAll(".ops-alerts-settings"));
    }

    [Fact]
    public void Render_NoAlerts_ShowsTheEmptyStateAndEmptyCharts()
    {
        SignInAs("Li Na", Roles.Operator);

        var page = Open();

        page.WaitForAssertion(() => Assert.Contains("No churn alerts to work", page.Find(".ops-alerts-empty").TextContent));
        Assert.All(page.FindComponents<ApexChart>(), c => Assert.Empty(c.Instance.Series));
    }

    [Fact]
    public void Render_Manager_OffersTheThresholdSettings()
    {
        SignInAs("Zhao Min", Roles.Manager);

        var page = Open();

        Assert.Equal("/retention/alerts/settings", page.Find(".ops-alerts-settings").GetAttribute("href"));
    }

    [Fact]
    public async Task OnChurnAlertRaised_PushedWhileOpen_TheNewAlertAppearsWithoutReload()
    {
        SignInAs("Li Na", Roles.Operator);
        _seed.Alert("u-1", 0.75, daysAgo: 1);
        var page = Open();
        page.WaitForAssertion(() => Assert.Equal(["u-1"], Learners(page)));

        var raised = _seed.Alert("u-2", 0.88, ValueTier.High);
        var live = page.FindComponent<LiveUpdates>();
        await live.InvokeAsync(() => live.Instance.ReceiveChurnAlertRaised(ChurnAlertSummary.Of(raised)));

        page.WaitForAssertion(() => Assert.Equal(["u-2", "u-1"], Learners(page)), TimeSpan.FromSeconds(5));
        Assert.Contains("ops-alert-row--fresh", page.FindAll(".ops-alert-row")[0].ClassName);
        Assert.Contains("1 new alerts", page.Find(".ops-alerts-fresh").TextContent);
        // Both alerts were raised this week: the volume chart's last bar counts them.
        page.WaitForAssertion(() => Assert.Equal(2.0, page.FindComponents<ApexChart>()[0].Instance.Series[0].Data[^1]));
    }

    [Fact]
    public void Filter_HighValueTier_ShowsOnlyHighValueAlertsAndExportsTheSame()
    {
        SignInAs("Li Na", Roles.Operator);
        _seed.Alert("u-low", 0.75);
        _seed.Alert("u-high", 0.8, ValueTier.High);
        var page = Open();
        page.WaitForAssertion(() => Assert.Equal(2, Learners(page).Length));

        var filters = page.FindComponent<AlertFilters>();
        page.InvokeAsync(() => filters.Instance.QueryChanged.InvokeAsync(filters.Instance.Query with { Tier = ValueTier.High }));

        page.WaitForAssertion(() => Assert.Equal(["u-high"], Learners(page)));
        Assert.Contains("tier=high", page.Find(".ops-export").GetAttribute("href"));
    }

    [Fact]
    public void AlertPage_Acknowledge_MovesTheAlertOnAndShowsWhoDidIt()
    {
        SignInAs("Li Na", Roles.Operator);
        _seed.Profile("u-1", 2600m);
        var alert = _seed.Alert("u-1", 0.82, ValueTier.High);
        var page = RenderWithProviders<AlertPage>((nameof(AlertPage.Id), alert.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-alert-workflow")));
        Assert.Equal(["days_since_active", "lesson_completion"], page.FindAll(".ops-driver").Select(d => d.GetAttribute("data-feature")));
        Assert.Equal([0.62, 0.82], page.FindComponents<ApexChart>().Single().Instance.Series[0].Data.Select(d => Math.Round(d, 2)));
        Assert.Contains("¥2,600.00", page.Find(".ops-alert-learner").TextContent);

        page.Find(".ops-alert-ack").Click();

        page.WaitForAssertion(() => Assert.Equal("acknowledged", page.Find(".ops-alert-workflow").GetAttribute("data-status")));
        Assert.Equal(("li.na@example.test", ChurnAlertStatus.Acknowledged), (_seed.Get(alert.Id).AcknowledgedBy, _seed.Get(alert.Id).Status));

        page.Find(".ops-alert-take").Click();
        page.WaitForAssertion(() => Assert.Equal("li.na@example.test", page.Find(".ops-alert-assignee").TextContent));
        page.Find(".ops-alert-resolve").Click();
        page.WaitForAssertion(() => Assert.Equal("resolved", page.Find(".ops-alert-workflow").GetAttribute("data-status")));
        Assert.Empty(page.FindAll(".ops-alert-resolve"));
    }

    [Fact]
    public async Task AlertPage_EnrolInARunningExperiment_AssignsAnArmAndRecordsIt()
    {
        SignInAs("Li Na", Roles.Operator);
        _seed.Profile("u-1", 2600m);
        var alert = _seed.Alert("u-1", 0.82, ValueTier.High);
        var experiments = Services.GetRequiredService<ExperimentService>();
        await experiments.CreateAsync(new ExperimentDraft("win-back", "Win-back", "", null, null, new MetricSpec(ExperimentMetric.RetentionDayN, 7), [], 0.05,
            [new VariantDraft("control", "Control", 0.5, "{}", 0, true), new VariantDraft("mentor", "Mentor call", 0.5, "{}", 30, false)]), "manager@example.test", Xunit.TestContext.Current.CancellationToken);
        await experiments.StartAsync("win-back", "manager@example.test", Xunit.TestContext.Current.CancellationToken);
        var page = RenderWithProviders<AlertPage>((nameof(AlertPage.Id), alert.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-alert-workflow")));

        var action = page.FindComponent<MudSelect<RetentionAction?>>();
        await action.InvokeAsync(() => action.Instance.ValueChanged.InvokeAsync(RetentionAction.ExperimentArm));
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-alert-experiment-pick")));
        Assert.True(page.Find(".ops-alert-record").HasAttribute("disabled"));
        var experiment = page.FindComponent<MudSelect<string>>();
        await experiment.InvokeAsync(() => experiment.Instance.ValueChanged.InvokeAsync("win-back"));
        page.Find(".ops-alert-record").Click();

        page.WaitForAssertion(() => Assert.Equal("actioned", page.Find(".ops-alert-workflow").GetAttribute("data-status")));
        var stored = _seed.Get(alert.Id);
        Assert.Equal(RetentionAction.ExperimentArm, stored.Action);
        Assert.Matches("^Enrolled in experiment win-back: arm (Control|Mentor call)$", stored.ActionNote);
        Assert.Equal(stored.ActionNote, page.Find(".ops-alert-note").TextContent);
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
