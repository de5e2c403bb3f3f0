using Bunit;
using OpsConsole.Access;
using OpsConsole.Retention;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Live;
using OpsConsole.Web.Components.Retention.Alerts;

namespace OpsConsole.Tests.ChurnAlerts;

public sealed class ChurnRiskTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly AlertSeed _seed;
    private readonly BunitJSModuleInterop _live;

    public ChurnRiskTests()
    {
        _seed = new AlertSeed(_database);
        _seed.Register(Services);
        _live = JSInterop.SetupModule(LiveUpdates.ModulePath);
        _live.SetupModule("connect", _ => true);
    }

    [Fact]
    public void ChurnRiskCard_ScoredLearnerWithAnOpenAlert_ShowsRiskDriversHistoryAndLinksTheAlert()
    {
        SignInAs("Li Na", Roles.Operator);
        var alert = _seed.Alert("u-7", 0.82, ValueTier.High);

        var card = Render<ChurnRiskCard>(p => p.Add(c => c.LearnerId, "u-7"));

        card.WaitForAssertion(() => Assert.Equal("82%", card.Find(".ops-risk__value").TextContent));
        Assert.Equal($"/retention/alerts/{alert.Id}", card.Find(".ops-churn-alert").GetAttribute("href"));
        Assert.Equal("No activity for 12 days", card.FindAll(".ops-driver__sentence")[0].TextContent);
        Assert.Equal(2, card.FindComponent<OpsConsole.Web.Components.Charts.ApexChart>().Instance.Categories.Count);
    }

    [Fact]
    public void ChurnRiskCard_SupportAgent_SeesTheAlertsStateWithoutALinkToPagesTheyCannotOpen()
    {
        SignInAs("Chen Jie", Roles.SupportAgent);
        _seed.Alert("u-7", 0.82);

        var card = Render<ChurnRiskCard>(p => p.Add(c => c.LearnerId, "u-7"));

        card.WaitForAssertion(() => Assert.NotNull(card.Find(".ops-alert-status")));
        Assert.Empty(card.FindAll(".ops-churn-alert"));
    }

    [Fact]
    public void ChurnRiskLine_NoScore_KeepsThePlaceholderItWraps()
    {
        var line = Render<ChurnRiskLine>(p => p.Add(c => c.LearnerId, "u-unscored").AddChildContent("<span class=\"placeholder\">not available yet</span>"));

        Assert.Equal("not available yet", line.Find(".placeholder").TextContent);
    }

    [Fact]
    public void ChurnRiskLine_ScoredLearner_ShowsRiskAndTheTwoStrongestDrivers()
    {
        _seed.Alert("u-7", 0.82);

        var line = Render<ChurnRiskLine>(p => p.Add(c => c.LearnerId, "u-7").AddChildContent("<span class=\"placeholder\"></span>"));

        line.WaitForAssertion(() => Assert.Equal("82%", line.Find("[data-slot=churn-risk] .ops-risk__value").TextContent));
        Assert.Equal(["days_since_active", "lesson_completion"], line.FindAll(".ops-churn-line__driver").Select(d => d.GetAttribute("data-feature")));
        Assert.Empty(line.FindAll(".placeholder"));
    }

    [Fact]
    public async Task ChurnAlertToasts_OperatorAnywhere_ToastsTheAlertWithItsTierLearnerAndRisk()
    {
        SignInAs("Li Na", Roles.Operator);
        var toasts = RenderWithProviders<ChurnAlertToasts>();
        var live = toasts.FindComponent<LiveUpdates>();
        Assert.False(live.Instance.Indicator);
        var alert = _seed.Alert("u-9", 0.82, ValueTier.High);

        await live.InvokeAsync(() => live.Instance.ReceiveChurnAlertRaised(ChurnAlertSummary.Of(alert)));

        toasts.WaitForAssertion(() => Assert.Contains("High-value learner u-9 at 82% churn risk", toasts.Markup), TimeSpan.FromSeconds(5));
        Assert.True((bool)_live.VerifyInvoke("connect").Arguments[2]!.GetType().GetProperty("churnAlerts")!.GetValue(_live.VerifyInvoke("connect").Arguments[2])!);
    }

    [Fact]
    public async Task ChurnAlertToasts_BurstOfAlerts_ToastsTheRiskiestAndCountsTheRest()
    {
        SignInAs("Li Na", Roles.Operator);
        var toasts = RenderWithProviders<ChurnAlertToasts>();
        var live = toasts.FindComponent<LiveUpdates>();

        // Seeded first, then pushed back to back: a burst is what arrives inside one coalescing window, and writing
        // each alert between the pushes could outlast that window on a busy machine.
        var alerts = Enumerable.Range(1, 6).Select(i => _seed.Alert($"u-{i}", 0.7 + i / 100.0)).ToList();
        foreach (var alert in alerts)
        {
            await live.InvokeAsync(() => live.Instance.ReceiveChurnAlertRaised(ChurnAlertSummary.Of(alert)));
        }

        toasts.WaitForAssertion(() => Assert.Contains("3 more churn alerts", toasts.Markup), TimeSpan.FromSeconds(5));
        Assert.Contains("u-6 at 76%", toasts.Markup);
        Assert.DoesNotContain("u-1 at", toasts.Markup);
    }

    [Fact]
    public void ChurnAlertToasts_SupportAgent_DoesNotListen()
    {
        SignInAs("Chen Jie", Roles.SupportAgent);

        var toasts = RenderWithProviders<ChurnAlertToasts>();

        Assert.Empty(toasts.FindComponents<LiveUpdates>());
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
