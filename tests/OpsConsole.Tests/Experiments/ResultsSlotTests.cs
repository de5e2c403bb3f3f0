using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Experiments;
using OpsConsole.Experiments.Results;
using OpsConsole.Retention.Experiments.Stats;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Retention.Experiments;

namespace OpsConsole.Tests.Experiments;

/// <summary>The results section of an experiment over a real database, with results computed by the real results service.</summary>
public sealed class ResultsSlotTests : ComponentTestBase, IDisposable
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private readonly TestDatabase _database = new();
    private readonly ResultsData _data;

    public ResultsSlotTests()
    {
        _database.Register(Services);
        Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddSingleton(new PlatformTime(TimeZoneInfo.Utc, TimeProvider.System));
        Services.AddSegments();
        Services.AddExperiments();
        _data = new ResultsData(_database);
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private ExperimentResultsService Results => Services.GetRequiredService<ExperimentResultsService>();

    private async Task<IRenderedComponent<ResultsSlot>> OpenAsync()
    {
        var details = await _data.DetailsAsync();
        return Render<ResultsSlot>(p => p.Add(s => s.Details, details));
    }

    private static string Points(double difference) => (difference * 100).ToString("+0.0;-0.0", English) + " pp";

    private static string Relative(double lift) => lift.ToString("+0.0%;-0.0%", English);

    private static string Money(double difference) => difference.ToString("+#,##0.00;-#,##0.00", English);

    [Fact]
    public async Task ResultsSlot_Draft_SaysResultsComeOnceItRunsWithoutARecomputeButton()
    {
        await _data.CreateAsync(start: false);

        var slot = await OpenAsync();

        Assert.Contains("Results arrive when the experiment runs.", slot.Markup);
        Assert.Empty(slot.FindAll(".ops-results-recompute"));
        Assert.Empty(slot.FindAll(".ops-results-table"));
    }

    [Fact]
    public async Task ResultsSlot_RunningWithNobodyExposed_ShowsThePendingState()
    {
        await _data.CreateAsync();

        var slot = await OpenAsync();

        slot.WaitForAssertion(() => Assert.Contains("0 learners exposed so far", slot.Find(".ops-results-empty").TextContent));
        Assert.Empty(slot.FindAll(".ops-results-verdict"));
        Assert.Single(slot.FindAll(".ops-results-recompute"));
    }

    [Fact]
    public async Task ResultsSlot_PlantedLift_ShowsTheShipVerdictAndATablePerMetricWithEachLiftsInterval()
    {
        var experiment = await _data.CreateAsync();
        await _data.ExposeAsync(experiment.Id, "control", 200, renewing: 40);
        await _data.ExposeAsync(experiment.Id, "reminder", 200, renewing: 90);
        var results = await Results.ComputeAsync(ResultsData.Key, Ct);

        var slot = await OpenAsync();

        slot.WaitForAssertion(() => Assert.Equal(nameof(ResultsVerdict.Ship), slot.Find(".ops-results-verdict").GetAttribute("data-verdict")));
        Assert.Contains("Ship reminder", slot.Find(".ops-results-verdict").TextContent);
        Assert.Equal(["membership_renewal", "revenue_per_learner"], slot.FindAll(".ops-results-table").Select(t => t.GetAttribute("data-metric")));
        Assert.All(slot.FindAll(".ops-results-table"), t => Assert.Contains("Absolute lift (95% CI)", t.TextContent));
        Assert.All(slot.FindAll(".ops-results-table"), t => Assert.Contains("Relative lift (95% CI)", t.TextContent));

        var renewal = Assert.Single(results.Primary!.Analysis!.Variants);
        var rate = slot.Find("[data-metric=membership_renewal] tr[data-variant=reminder]");
        Assert.Equal(Points(renewal.Absolute.Estimate), rate.QuerySelector(".ops-results-abs .ops-results-estimate")!.TextContent);
        Assert.Equal($"{Points(renewal.Absolute.CiLow)} to {Points(renewal.Absolute.CiHigh)}", rate.QuerySelector(".ops-results-abs .ops-results-ci")!.TextContent);
        Assert.Equal(Relative(renewal.Relative!.Estimate), rate.QuerySelector(".ops-results-rel .ops-results-estimate")!.TextContent);
        Assert.Equal($"{Relative(renewal.Relative.CiLow)} to {Relative(renewal.Relative.CiHigh)}", rate.QuerySelector(".ops-results-rel .ops-results-ci")!.TextContent);

        var revenue = Assert.Single(results.Metrics.Single(m => m.Kind == MetricKind.Mean).Analysis!.Variants);
        var mean = slot.Find("[data-metric=revenue_per_learner] tr[data-variant=reminder]");
        Assert.Equal(Money(revenue.Absolute.Estimate), mean.QuerySelector(".ops-results-abs .ops-results-estimate")!.TextContent);
        Assert.Equal($"{Money(revenue.Absolute.CiLow)} to {Money(revenue.Absolute.CiHigh)}", mean.QuerySelector(".ops-results-abs .ops-results-ci")!.TextContent);

        // The control is the baseline: it has no lift of its own.
        var control = slot.Find("[data-metric=membership_renewal] tr[data-variant=control]");
        Assert.Equal("—", control.QuerySelector(".ops-results-abs")!.TextContent.Trim());
        Assert.Equal("—", control.QuerySelector(".ops-results-rel")!.TextContent.Trim());
    }

    [Fact]
    public async Task ResultsSlot_SplitFarFromItsWeights_WarnsOfASampleRatioMismatch()
    {
        var experiment = await _data.CreateAsync();
        await _data.ExposeAsync(experiment.Id, "control", 300, renewing: 60);
        await _data.ExposeAsync(experiment.Id, "reminder", 150, renewing: 60);

        var slot = await OpenAsync();

        slot.WaitForAssertion(() => Assert.Contains("Sample ratio mismatch", slot.Find(".ops-results-srm").TextContent));
        Assert.Equal(nameof(ResultsVerdict.SampleRatioMismatch), slot.Find(".ops-results-verdict").GetAttribute("data-verdict"));
    }

    [Fact]
    public async Task ResultsSlot_RecomputeNow_ShowsLearnersExposedSinceTheLastComputation()
    {
        var experiment = await _data.CreateAsync();
        await _data.ExposeAsync(experiment.Id, "control", 100, renewing: 20);
        await _data.ExposeAsync(experiment.Id, "reminder", 100, renewing: 30);
        var slot = await OpenAsync();
        slot.WaitForAssertion(() => Assert.Equal("100", slot.Find("[data-metric=membership_renewal] tr[data-variant=reminder] td:nth-child(2)").TextContent));

        await _data.ExposeAsync(experiment.Id, "control", 20, renewing: 5, from: 100);
        await _data.ExposeAsync(experiment.Id, "reminder", 20, renewing: 10, from: 100);
        slot.Find(".ops-results-recompute").Click();

        slot.WaitForAssertion(() => Assert.Equal("120", slot.Find("[data-metric=membership_renewal] tr[data-variant=reminder] td:nth-child(2)").TextContent));
        Assert.Equal(240, Results.Cached(ResultsData.Key)!.TotalExposures);
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
