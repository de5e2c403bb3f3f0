using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Experiments;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Retention.Experiments;

namespace OpsConsole.Tests.Experiments;

/// <summary>The experiments list and designer over a real database with the real experiment service.</summary>
public sealed class ExperimentPagesTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();

    public ExperimentPagesTests()
    {
        _database.Register(Services);
        Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddSingleton(new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), TimeProvider.System));
        Services.AddSegments();
        Services.AddExperiments();
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Writes as another instance would, so the page's own services are not resolved before signing in.</summary>
    private ExperimentService Seeder => new(_database.Factory, TimeProvider.System);

    private static ExperimentDraft Draft(string key) => new(key, $"Experiment {key}", "", null, null, new MetricSpec(ExperimentMetric.RetentionDayN, 7), [], 0.05,
        [new VariantDraft("control", "Control", 0.5, "{}", 0, true), new VariantDraft("coupon", "Coupon", 0.5, """{"discount":0.2}""", 10, false)]);

    private async Task<Experiment[]> StoredAsync()
    {
        await using var db = await _database.Factory.CreateDbContextAsync(Ct);
        return await db.Experiments.Include(e => e.Variants).AsNoTracking().ToArrayAsync(Ct);
    }

    private IRenderedComponent<ContainerFragment> Open(string key) => RenderWithProviders<ExperimentDetailsPage>((nameof(ExperimentDetailsPage.Key), key));

    private static string HelperText(IRenderedComponent<ContainerFragment> page, string field) => page.Find($"{field} .mud-input-helper-text").TextContent;

    [Fact]
    public async Task NewExperiment_SavedWithProblems_ShowsEachMessageUnderItsFieldAndSavesNothing()
    {
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<NewExperimentPage>();

        page.Find(".ops-experiment-key input").Input("Renewal Reminder");
        page.FindAll(".ops-variant-weight input")[1].Change("0.7");
        page.FindAll(".ops-variant-payload textarea")[1].Change("{\"discount\":");
        page.Find(".ops-experiment-save").Click();

        page.WaitForAssertion(() => Assert.Contains("is required", HelperText(page, ".ops-experiment-name")));
        Assert.Contains("lower-case slug", HelperText(page, ".ops-experiment-key"));
        Assert.Contains("not valid JSON", page.FindAll(".ops-variant-payload")[1].QuerySelector(".mud-input-helper-text")!.TextContent);
        Assert.Contains("sum to 1.2", page.Find(".ops-variants-error").TextContent);
        Assert.Contains("variants[1].payload", page.Find(".ops-experiment-errors").TextContent);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public void PowerCalculator_BaselineTypedIn_SizesTheTestForTheDesignsEffectAndSplit()
    {
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<NewExperimentPage>();
        // No behaviour recorded yet: nothing to read a baseline from.
        page.WaitForAssertion(() => Assert.Contains("Enter the metric's current value", page.Find("[data-slot=power-calculator]").TextContent));

        page.Find(".ops-power-baseline input").Change("10");

        var expected = OpsConsole.Retention.Experiments.Stats.PowerCalculator.ForProportion(0.10, 0.05, weights: [0.5, 0.5]);
        page.WaitForAssertion(() => Assert.Contains($"{expected.TotalSampleSize:N0} learners in all", page.Find(".ops-power-result").TextContent));
        Assert.Contains(string.Join(" / ", expected.SampleSizePerVariant.Select(n => n.ToString("N0"))), page.Find(".ops-power-result").TextContent);
        Assert.Contains("no recent traffic", page.Find(".ops-power-result").TextContent);
    }

    [Fact]
    public async Task Designer_Manager_SavesANewDraftThenStartsIt()
    {
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<NewExperimentPage>();
        page.Find(".ops-experiment-name input").Input("Renewal reminder");
        page.Find(".ops-experiment-key input").Input("renewal-reminder");
        page.Find(".ops-experiment-save").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/experiments/renewal-reminder", Services.GetRequiredService<NavigationManager>().Uri));
        var saved = Assert.Single(await StoredAsync());
        Assert.Equal((ExperimentStatus.Draft, "renewal-reminder", "li.na@example.test", 2), (saved.Status, saved.Seed, saved.CreatedBy, saved.Variants.Count));

        await DisposeComponentsAsync();
        var details = Open("renewal-reminder");
        details.WaitForElement(".ops-experiment-start").Click();
        details.WaitForElement(".mud-message-box");
        details.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Start").Click();

        details.WaitForAssertion(() => Assert.Equal("running", details.Find(".ops-experiment-status").GetAttribute("data-status")));
        Assert.Empty(details.FindAll(".ops-experiment-start"));
        Assert.Empty(details.FindAll(".ops-experiment-save"));
        Assert.NotEmpty(details.FindAll(".ops-experiment-stop"));
        Assert.True(details.Find(".ops-experiment-name input").HasAttribute("readonly"));
        var started = Assert.Single(await StoredAsync());
        Assert.Equal((ExperimentStatus.Running, "li.na@example.test"), (started.Status, started.StartedBy));
    }

    [Fact]
    public async Task Designer_ManagerStopsWithoutAReason_IsToldAndTheExperimentKeepsRunning()
    {
        await Seeder.CreateAsync(Draft("coupon-test"), "seed", Ct);
        await Seeder.StartAsync("coupon-test", "seed", Ct);
        SignInAs("Li Na", Roles.Manager);
        var page = Open("coupon-test");

        page.WaitForElement(".ops-experiment-stop").Click();
        page.WaitForElement(".ops-stop-confirm").Click();

        page.WaitForAssertion(() => Assert.Contains("is required", page.Find(".ops-stop-reason .mud-input-helper-text").TextContent));
        Assert.Contains("is required", page.Find(".ops-stop-decision .mud-input-helper-text").TextContent);
        Assert.Equal(ExperimentStatus.Running, Assert.Single(await StoredAsync()).Status);
    }

    [Fact]
    public async Task Designer_Operator_ReadsTheDraftWithoutAnyEditButton()
    {
        await Seeder.CreateAsync(Draft("coupon-test"), "seed", Ct);
        SignInAs("Zhao Min", Roles.Operator);

        var page = Open("coupon-test");

        page.WaitForAssertion(() => Assert.Equal("Experiment coupon-test", page.Find(".ops-experiment-name input").GetAttribute("value")));
        Assert.Empty(page.FindAll(".ops-experiment-save"));
        Assert.Empty(page.FindAll(".ops-experiment-start"));
        Assert.Empty(page.FindAll(".ops-experiment-stop"));
        Assert.Empty(page.FindAll(".ops-variants-add"));
        Assert.Empty(page.FindAll(".ops-variant-remove"));
        Assert.True(page.Find(".ops-experiment-name input").HasAttribute("readonly"));
        Assert.True(page.FindAll(".ops-variant-payload textarea")[1].HasAttribute("readonly"));
        Assert.NotEmpty(page.FindAll("[data-slot=power-calculator]"));
        Assert.Contains("Results arrive when the experiment runs", page.Find("[data-slot=results]").TextContent);
    }

    [Fact]
    public async Task Designer_OperatorOnARunningExperiment_CannotStopIt()
    {
        await Seeder.CreateAsync(Draft("coupon-test"), "seed", Ct);
        await Seeder.StartAsync("coupon-test", "seed", Ct);
        SignInAs("Zhao Min", Roles.Operator);

        var page = Open("coupon-test");

        page.WaitForAssertion(() => Assert.Equal("running", page.Find(".ops-experiment-status").GetAttribute("data-status")));
        Assert.Empty(page.FindAll(".ops-experiment-stop"));
    }

    [Fact]
    public void Designer_UnknownKey_SaysSo()
    {
        SignInAs("Zhao Min", Roles.Operator);

        var page = Open("no-such-test");

        page.WaitForAssertion(() => Assert.Contains("no-such-test", page.Find(".ops-experiment-missing").TextContent));
    }

    [Theory]
    [InlineData(Roles.Manager, true)]
    [InlineData(Roles.Operator, false)]
    public void List_NoExperiments_InvitesManagersToDesignTheFirst(string role, bool invited)
    {
        SignInAs("Li Na", role);

        var page = RenderWithProviders<ExperimentsPage>();

        page.WaitForElement(".ops-experiments-empty");
        Assert.Equal(invited, page.FindAll(".ops-first-experiment").Count == 1);
        Assert.Equal(invited, page.FindAll(".ops-new-experiment").Count == 1);
    }

    [Fact]
    public async Task List_FilteredByStatus_ShowsOnlyThoseWithTheirStatusChips()
    {
        await Seeder.CreateAsync(Draft("draft-one"), "seed", Ct);
        await Seeder.CreateAsync(Draft("running-one"), "seed", Ct);
        await Seeder.StartAsync("running-one", "seed", Ct);
        SignInAs("Zhao Min", Roles.Operator);
        var page = RenderWithProviders<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ops-experiment-link").Count));

        page.FindAll(".ops-experiment-filter button").Single(b => b.TextContent.Contains("Running")).Click();

        page.WaitForAssertion(() => Assert.Equal(["Experiment running-one"], page.FindAll(".ops-experiment-link").Select(a => a.TextContent.Trim())));
        Assert.Equal(["running"], page.FindAll(".ops-grid--experiments .ops-experiment-status").Select(s => s.GetAttribute("data-status")));
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
