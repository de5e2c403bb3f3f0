using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Retention;
using OpsConsole.Segments;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Retention.Alerts;

namespace OpsConsole.Tests.ChurnAlerts;

public sealed class ThresholdsPageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public ThresholdsPageTests()
    {
        new AlertSeed(_database).Register(Services);
        using var db = new OpsDbContext(_database.Options);
        db.Segments.Add(new Segment { Id = 4, Name = "Annual members", Kind = SegmentKind.Static });
        db.SaveChanges();
        SignInAs("Zhao Min", Roles.Manager);
    }

    private IRenderedComponent<ContainerFragment> Open()
    {
        var page = RenderWithProviders<ThresholdsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-rules-default")));
        return page;
    }

    [Fact]
    public void Render_NoRules_ShowsTheConfiguredDefaultAndAnEmptyList()
    {
        var page = Open();

        Assert.Contains("configured default of 70%", page.Find(".ops-rules-default").TextContent);
        Assert.NotNull(page.Find(".ops-rules-empty"));
    }

    [Fact]
    public async Task Save_AddedRule_IsStoredInPercentAsAFraction()
    {
        var page = Open();

        page.Find(".ops-rules-add").Click();
        page.Find(".ops-rule-threshold input").Change("45");
        page.Find(".ops-rules-save").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-rule")));
        var rule = Assert.Single(await Services.GetRequiredService<AlertThresholds>().ListAsync(Ct));
        Assert.Equal((0.45, (int?)null, (ValueTier?)null, "zhao.min@example.test"), (rule.Threshold, rule.SegmentId, rule.Tier, rule.UpdatedBy));
        Assert.Empty(page.FindAll(".ops-rules-errors"));
    }

    [Fact]
    public async Task Save_TwoRulesForTheSameSegmentAndTier_SaysTheSecondWouldNeverApplyAndSavesNothing()
    {
        var page = Open();

        page.Find(".ops-rules-add").Click();
        page.Find(".ops-rules-add").Click();
        page.FindAll(".ops-rule-threshold input")[1].Change("55");
        page.Find(".ops-rules-save").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-rules-errors")));
        var errors = page.FindAll(".ops-rules-errors li").Select(li => li.TextContent).ToList();
        Assert.Equal(["Row 2: an earlier row has the same segment and tier, so this one would never apply."], errors);
        Assert.Empty(await Services.GetRequiredService<AlertThresholds>().ListAsync(Ct));
    }

    [Fact]
    public async Task Save_SavedRulesInANewOrder_KeepTheOrderShown()
    {
        var thresholds = Services.GetRequiredService<AlertThresholds>();
        await thresholds.SaveAsync([new ThresholdRuleDraft(4, null, 0.6), new ThresholdRuleDraft(null, ValueTier.High, 0.5)], "earlier", Ct);
        var page = Open();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ops-rule").Count));

        page.Find(".ops-rule[data-row='1'] button[aria-label='Move up']").Click();
        page.Find(".ops-rules-save").Click();

        page.WaitForAssertion(() => Assert.Equal(["High", null], thresholds.ListAsync(Ct).GetAwaiter().GetResult().Select(r => r.Tier?.ToString())));
        Assert.Equal([null, "Annual members"], (await thresholds.ListAsync(Ct)).Select(r => r.SegmentName));
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
