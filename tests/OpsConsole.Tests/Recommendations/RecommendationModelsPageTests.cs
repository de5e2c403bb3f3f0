using System.Text.Json;
using Bunit;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Recommendations;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Pages.Recommendations;
using OpsConsole.Web.Jobs;
using OpsConsole.Web.Recommendations;

namespace OpsConsole.Tests.Recommendations;

/// <summary>The model registry page over a real database with the real registry, host and job client.</summary>
public sealed class RecommendationModelsPageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly InMemoryStorage _jobs = new(new InMemoryStorageOptions());

    public RecommendationModelsPageTests()
    {
        RecommendationSeed.AddServices(Services, _database);
        Services.AddSingleton<JobStorage>(_jobs);
        Services.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(_jobs));
        Services.AddSingleton(new JobsOptions { Enabled = false });
        Services.AddSingleton<RollupJobTracker>();
        Services.AddSingleton<RecommenderJobTracker>();
        var charts = JSInterop.SetupModule(ApexChart.ModulePath);
        charts.SetupVoid("create", _ => true).SetVoidResult();
        charts.SetupVoid("update", _ => true).SetVoidResult();
    }

    private static GeneratorMetrics Generator(string name, double ndcg, double diversity = 0.4) =>
        new(name, Precision: ndcg / 2, Recall: ndcg * 1.5, Ndcg: ndcg, Map: ndcg / 3, HitRate: Math.Min(1, ndcg * 3), Coverage: 0.25, Novelty: 3.5,
            Diversity: diversity, Users: 42, TrainSeconds: 0.8);

    private void Version(int id, RecommenderModelStatus status, string? algorithm, string? error = null, DateTime? promotedAt = null,
        RerankComparison? rerank = null, params GeneratorMetrics[] generators)
    {
        using var db = new OpsDbContext(_database.Options);
        var started = new DateTime(2026, 5, 1, 2, 30, 0, DateTimeKind.Utc).AddDays(id);
        db.RecommenderModels.Add(new RecommenderModel
        {
            Id = id, StartedBy = id == 3 ? "nightly" : "manager@example.test", StartedAt = started, FinishedAt = started.AddSeconds(12), DurationMs = 12_345,
            DataFrom = started.AddDays(-180), DataTo = started, Learners = 900 + id, Items = 120, Interactions = 15_000, Status = status, Error = error,
            Algorithm = algorithm ?? "", PromotedAt = promotedAt, PromotedBy = promotedAt is null ? null : "manager@example.test",
            Metrics = generators.Length == 0 ? null : JsonSerializer.Serialize(new RecommenderMetrics(10, started.AddDays(-7),
                RecommenderMetrics.DescribeProtocol(10, 7), algorithm!, generators, rerank), RecommenderTrainer.Json),
        });
        db.SaveChanges();
    }

    private void ThreeVersions()
    {
        Version(1, RecommenderModelStatus.Retired, "ease", promotedAt: new DateTime(2026, 5, 2, 3, 0, 0, DateTimeKind.Utc),
            generators: [Generator("ease", 0.21), Generator("popularity", 0.08)]);
        Version(2, RecommenderModelStatus.Active, "sequence", promotedAt: new DateTime(2026, 5, 3, 3, 0, 0, DateTimeKind.Utc),
            generators: [Generator("ease", 0.24), Generator("sequence", 0.312, diversity: 0.55), Generator("popularity", 0.09), Generator("content", 0.05)]);
        Version(3, RecommenderModelStatus.Failed, null, error: "No learner touched a catalogue item: nothing to learn from.");
    }

    [Fact]
    public void Render_OperatorWithThreeVersions_ShowsTheRegistryAndTheServingVersionsMetricTiles()
    {
        ThreeVersions();
        SignInAs("Li Na", Roles.Operator);

        var page = RenderWithProviders<Models>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".ops-rec-versions__row").Count));
        var rows = page.FindAll(".ops-rec-versions__row");
        Assert.Equal(["v3", "v2", "v1"], rows.Select(r => r.QuerySelector(".ops-rec-version")!.TextContent));
        Assert.Equal(["Failed", "Serving", "Retired"], rows.Select(r => r.QuerySelector(".ops-rec-status")!.TextContent.Trim()));
        // The primary generator's figures, as the literature prints them.
        Assert.Equal("0.312", rows[1].QuerySelector(".ops-rec-ndcg")!.TextContent);
        Assert.Equal("0.156", rows[1].QuerySelector(".ops-rec-precision")!.TextContent);
        Assert.Equal("—", rows[0].QuerySelector(".ops-rec-ndcg")!.TextContent);
        Assert.Contains("nothing to learn from", page.Find(".ops-rec-versions__error").TextContent);
        Assert.Contains("Sequence", rows[1].TextContent);
        Assert.Contains("902", rows[1].TextContent);
        // Operators look but do not act.
        Assert.Empty(page.FindAll(".ops-rec-promote, .ops-rec-rollback, .ops-rec-train"));

        // The serving version is selected: one tile per generator, the ranking one first, with the protocol written above them.
        Assert.Equal("2", page.Find(".ops-rec-offline").GetAttribute("data-version"));
        Assert.Equal(["sequence", "ease", "popularity", "content"], page.FindAll(".ops-rec-tile").Select(t => t.GetAttribute("data-generator")));
        Assert.Contains("no sampled negatives", page.Find(".ops-rec-protocol").TextContent);
        var sequence = page.Find(".ops-rec-tile[data-generator=sequence]");
        Assert.Equal("0.550", sequence.QuerySelector("[data-metric=Metric_Diversity]")!.TextContent);
        Assert.Contains("ops-rec-best", sequence.QuerySelector("[data-metric=Metric_Ndcg]")!.ClassName);
        Assert.Equal("/recommendations/metrics/export.csv?version=2", page.Find("a.ops-rec-metrics-export").GetAttribute("href"));
        var chart = page.FindComponent<ApexChart>().Instance;
        Assert.Equal(["EASE", "Sequence", "Popularity", "Content"], chart.Series.Select(s => s.Name));
        Assert.Equal(7, chart.Categories.Count);
        Assert.Equal(0.312, chart.Series[1].Data[2]);
    }

    [Fact]
    public void Render_RerankerRanks_ShowsItsComparisonWithTheBestGeneratorAndItsFiguresInTheRegistry()
    {
        Version(4, RecommenderModelStatus.Active, ModelBundle.Rerank, promotedAt: new DateTime(2026, 5, 6, 3, 0, 0, DateTimeKind.Utc),
            rerank: new RerankComparison(HoldoutLists: 300, ImpressionLists: 120, EvaluationLearners: 280, Baseline: "ease",
                Ndcg: 0.287, Precision: 0.121, BaselineNdcg: 0.251, BaselinePrecision: 0.104, Used: true, Note: null),
            generators: [Generator("ease", 0.25), Generator("popularity", 0.1)]);
        SignInAs("Li Na", Roles.Operator);

        var page = RenderWithProviders<Models>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-rec-versions__row")));
        var row = page.Find(".ops-rec-versions__row");
        Assert.Contains("Learned re-ranker", row.QuerySelector(".ops-rec-algorithm")!.TextContent);
        Assert.Equal("0.287", row.QuerySelector(".ops-rec-ndcg")!.TextContent);
        Assert.Equal("0.121", row.QuerySelector(".ops-rec-precision")!.TextContent);
        var tile = page.Find(".ops-rec-tile[data-generator=rerank]");
        Assert.Contains("ops-rec-tile--primary", tile.ClassName);
        Assert.Contains("0.251", tile.TextContent);
        Assert.Contains("280 held-out learners", tile.TextContent);
        Assert.Equal(["rerank", "ease", "popularity"], page.FindAll(".ops-rec-tile").Select(t => t.GetAttribute("data-generator")));
        Assert.Contains("beat EASE", page.Find(".ops-rec-offline").TextContent);
    }

    [Fact]
    public void SelectRow_RetiredVersion_ShowsItsOwnMetrics()
    {
        ThreeVersions();
        SignInAs("Li Na", Roles.Operator);
        var page = RenderWithProviders<Models>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".ops-rec-versions__row").Count));

        page.Find(".ops-rec-versions__row[data-version='1']").Click();

        Assert.Equal("1", page.Find(".ops-rec-offline").GetAttribute("data-version"));
        Assert.Equal(["ease", "popularity"], page.FindAll(".ops-rec-tile").Select(t => t.GetAttribute("data-generator")));
        page.Find(".ops-rec-versions__row[data-version='3']").Click();
        Assert.Contains("v3 failed", page.Find(".ops-rec-selected-failed").TextContent);
    }

    [Fact]
    public void Render_NoVersions_ShowsTheEmptyStateWithoutExport()
    {
        SignInAs("Li Na", Roles.Operator);

        var page = RenderWithProviders<Models>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-rec-empty")));
        Assert.Contains("No model has been trained yet", page.Markup);
        Assert.True(page.Find(".ops-rec-versions-export").HasAttribute("disabled") || page.Find(".ops-rec-versions-export").ClassList.Contains("mud-button-disabled"));
    }

    [Fact]
    public void TrainNow_Manager_EnqueuesATrainingJobStartedByThemAndShowsItsProgress()
    {
        SignInAs("Zhou Min", Roles.Manager);
        var page = RenderWithProviders<Models>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-rec-train")));

        page.Find(".ops-rec-train").Click();

        page.WaitForAssertion(() => Assert.Contains("Waiting for a job server", page.Find(".ops-rec-train__progress").TextContent));
        var job = Assert.Single(_jobs.GetMonitoringApi().EnqueuedJobs("default", 0, 10)).Value;
        Assert.Equal(nameof(RecommenderJobs.TrainAsync), job.Job.Method.Name);
        Assert.Equal("zhou.min@example.test", job.Job.Args[0]);
    }

    [Fact]
    public async Task PromoteAndRollBack_ManagerConfirms_TheRegistryServesTheChosenVersion()
    {
        SignInAs("Zhou Min", Roles.Manager);
        RecommendationSeed.Platform(_database);
        var v1 = RecommendationSeed.Train(Services);
        var v2 = RecommendationSeed.Train(Services, "nightly");
        var page = RenderWithProviders<Models>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($".ops-rec-versions__row[data-version='{v2.Id}'] .ops-rec-promote")));
        Assert.Empty(page.FindAll(".ops-rec-rollback"));

        page.Find($".ops-rec-versions__row[data-version='{v2.Id}'] .ops-rec-promote").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Promote").Click();

        var registry = Services.GetRequiredService<RecommenderRegistry>();
        page.WaitForAssertion(() => Assert.Equal(v2.Id, registry.ActiveAsync(CancellationToken.None).GetAwaiter().GetResult()?.Id));
        Assert.Equal("zhou.min@example.test", (await registry.GetAsync(v2.Id, Xunit.TestContext.Current.CancellationToken))!.PromotedBy);
        page.WaitForAssertion(() => Assert.Contains("Serving", page.Find($".ops-rec-versions__row[data-version='{v2.Id}'] .ops-rec-status").TextContent));

        page.Find(".ops-rec-rollback").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Roll back").Click();

        page.WaitForAssertion(() => Assert.Equal(v1.Id, registry.ActiveAsync(CancellationToken.None).GetAwaiter().GetResult()?.Id));
        Assert.Equal(v1.Id, Services.GetRequiredService<RecommenderHost>().Current?.Bundle.Version);
    }

    [Fact]
    public async Task Promote_ManagerCancels_LeavesTheServingVersion()
    {
        SignInAs("Zhou Min", Roles.Manager);
        RecommendationSeed.Platform(_database);
        var v1 = RecommendationSeed.Train(Services);
        var v2 = RecommendationSeed.Train(Services, "nightly");
        var page = RenderWithProviders<Models>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($".ops-rec-versions__row[data-version='{v2.Id}'] .ops-rec-promote")));

        page.Find($".ops-rec-versions__row[data-version='{v2.Id}'] .ops-rec-promote").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        Assert.Equal(v1.Id, (await Services.GetRequiredService<RecommenderRegistry>().ActiveAsync(Xunit.TestContext.Current.CancellationToken))?.Id);
    }

    public new void Dispose()
    {
        base.Dispose();
        _jobs.Dispose();
        _database.Dispose();
    }
}
