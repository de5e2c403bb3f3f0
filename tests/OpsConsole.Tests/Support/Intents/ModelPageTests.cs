using Bunit;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Support;
using OpsConsole.Web.Jobs;
using OpsConsole.Web.Support;
using static OpsConsole.Tests.Support.Intents.IntentFixtures;

namespace OpsConsole.Tests.Support.Intents;

/// <summary>The intent model page over a real database with the real trainer, registry, host and job client.</summary>
public sealed class ModelPageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly InMemoryStorage _jobs = new(new InMemoryStorageOptions());

    public ModelPageTests()
    {
        AddServices(Services, _database);
        Services.AddSingleton(new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), TimeProvider.System));
        Services.AddSingleton<JobStorage>(_jobs);
        Services.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(_jobs));
        Services.AddSingleton(new JobsOptions { Enabled = false });
        Services.AddSingleton<RollupJobTracker>();
        Services.AddSingleton<IntentModelJobTracker>();
        var charts = JSInterop.SetupModule(ApexChart.ModulePath);
        charts.SetupVoid("create", _ => true).SetVoidResult();
        charts.SetupVoid("update", _ => true).SetVoidResult();
    }

    private IntentModelVersion Train(string by = "manager@example.test") =>
        Services.GetRequiredService<IntentTrainer>().TrainAsync(by, null, CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void Render_SupportAgentWithATrainedModel_ShowsItsFiguresConfusionMatrixAndIntentsButNoActions()
    {
        SignInAs("Chen Li", Roles.SupportAgent);
        Seed(_database, Tickets);
        var v1 = Train();

        var page = RenderWithProviders<ModelPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-intent-versions__row")));
        Assert.Equal($"v{v1.Id}", page.Find(".ops-intent-serving").TextContent.Trim());
        Assert.Equal(v1.Accuracy.ToString("0.000"), page.Find(".ops-intent-summary .ops-intent-accuracy").TextContent);
        Assert.Equal(v1.MacroF1.ToString("0.000"), page.Find(".ops-intent-summary .ops-intent-macro-f1").TextContent);
        Assert.Equal("24 / 6", page.Find(".ops-intent-summary .ops-intent-examples").TextContent);
        Assert.Equal("Triage below 55% confidence", page.Find(".ops-intent-triage").TextContent);
        Assert.Equal("30", page.Find(".ops-intent-confirmed").TextContent);
        Assert.Contains("0 more than v", page.Find("[data-fact=confirmed]").TextContent);
        Assert.Contains("Reading tickets", page.Find(".ops-intent-status").TextContent);
        Assert.Contains("First model", page.Find(".ops-intent-decision").TextContent);
        // Agents look but do not act.
        Assert.Empty(page.FindAll(".ops-intent-promote, .ops-intent-rollback, .ops-intent-train"));

        var chart = page.FindComponent<ApexChart>().Instance;
        Assert.Equal("heatmap", chart.Type);
        Assert.Equal([Login, Refund, Video], chart.Categories);
        Assert.Equal([Login, Refund, Video], chart.Series.Select(s => s.Name));
        Assert.Equal(6, chart.Series.Sum(s => s.Data.Sum()));
        Assert.All(chart.Series, s => Assert.Equal(2, s.Data.Sum()));

        var rows = page.FindAll(".ops-intent-table tbody tr");
        Assert.Equal(3, rows.Count);
        var f1 = rows.Select(r => double.Parse(r.QuerySelector(".ops-intent-f1")!.TextContent, System.Globalization.CultureInfo.CurrentCulture)).ToArray();
        Assert.Equal(f1.Order(), f1);
    }

    [Fact]
    public void SortByIntent_Click_OrdersTheIntentsByName()
    {
        SignInAs("Chen Li", Roles.SupportAgent);
        Seed(_database, Tickets);
        Train();
        var page = RenderWithProviders<ModelPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".ops-intent-table tbody tr").Count));

        page.Find(".ops-sort-intent").Click();

        page.WaitForAssertion(() => Assert.Equal([Login, Refund, Video], page.FindAll(".ops-intent-name").Select(c => c.TextContent)));
        page.Find(".ops-sort-intent").Click();
        page.WaitForAssertion(() => Assert.Equal([Video, Refund, Login], page.FindAll(".ops-intent-name").Select(c => c.TextContent)));
    }

    [Fact]
    public void Render_NoModelAndTooFewConfirmedTickets_ShowsTheEmptyStateWithWhatIsMissing()
    {
        Seed(_database, Tickets.Where(t => t.Intent == Refund).Take(6).Append(("Can't log in", "Password is wrong.", Login)));
        SignInAs("Zhou Min", Roles.Manager);

        var page = RenderWithProviders<ModelPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-intent-empty")));
        Assert.Contains("No intent model has been trained yet", page.Markup);
        Assert.Equal("Training needs at least two intents with 4 confirmed tickets each; 1 have that many. Left out until agents confirm more: login_account (1 of 4).",
            page.Find(".ops-intent-readiness").TextContent.Trim());
        Assert.True(page.Find(".ops-intent-train").HasAttribute("disabled"));
    }

    [Fact]
    public void TrainNow_Manager_EnqueuesATrainingJobStartedByThemAndShowsItsProgress()
    {
        Seed(_database, Tickets);
        SignInAs("Zhou Min", Roles.Manager);
        var page = RenderWithProviders<ModelPage>();
        page.WaitForAssertion(() => Assert.Contains("30 tickets with a confirmed intent in 3 intents", page.Find(".ops-intent-readiness").TextContent));

        page.Find(".ops-intent-train").Click();

        page.WaitForAssertion(() => Assert.Contains("Waiting for a job server", page.Find(".ops-intent-train__progress").TextContent));
        var job = Assert.Single(_jobs.GetMonitoringApi().EnqueuedJobs("default", 0, 10)).Value;
        Assert.Equal((typeof(IntentModelJobs), nameof(IntentModelJobs.TrainAsync)), (job.Job.Type, job.Job.Method.Name));
        Assert.Equal("zhou.min@example.test", job.Job.Args[0]);
    }

    [Fact]
    public async Task PromoteAndRollBack_ManagerConfirms_TheClassifierReadsWithTheChosenVersion()
    {
        SignInAs("Zhou Min", Roles.Manager);
        Seed(_database, Tickets);
        var v1 = Train();
        await using (var db = await _database.Factory.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken))
        {
            // A figure no model reaches, so the next version waits for a manager.
            await db.IntentModels.ExecuteUpdateAsync(s => s.SetProperty(m => m.MacroF1, 1.5), Xunit.TestContext.Current.CancellationToken);
        }
        var v2 = Train("nightly");
        var page = RenderWithProviders<ModelPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($".ops-intent-versions__row[data-version='{v2.Id}'] .ops-intent-promote")));
        Assert.Contains("Waits for a manager", page.Find($".ops-intent-versions__row[data-version='{v2.Id}'] .ops-intent-decision").TextContent);

        page.Find($".ops-intent-versions__row[data-version='{v2.Id}'] .ops-intent-promote").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Promote").Click();

        var registry = Services.GetRequiredService<IntentModelRegistry>();
        var classifier = Services.GetRequiredService<IIntentClassifier>();
        page.WaitForAssertion(() => Assert.Equal(v2.Id, registry.ActiveAsync(CancellationToken.None).GetAwaiter().GetResult()?.Id));
        Assert.Equal("zhou.min@example.test", (await registry.GetAsync(v2.Id, Xunit.TestContext.Current.CancellationToken))!.PromotedBy);
        Assert.Equal(v2.Id, classifier.Classify("退款", "请退款")!.ModelVersion);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($".ops-intent-versions__row[data-version='{v1.Id}'] .ops-intent-rollback")));
        page.Find($".ops-intent-versions__row[data-version='{v1.Id}'] .ops-intent-rollback").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Roll back").Click();

        page.WaitForAssertion(() => Assert.Equal(v1.Id, registry.ActiveAsync(CancellationToken.None).GetAwaiter().GetResult()?.Id));
        Assert.Equal(v1.Id, classifier.Classify("退款", "请退款")!.ModelVersion);
        page.WaitForAssertion(() => Assert.Contains("Reading tickets", page.Find($".ops-intent-versions__row[data-version='{v1.Id}'] .ops-intent-status").TextContent));
    }

    [Fact]
    public void SelectRow_FailedVersion_ShowsWhyItFailed()
    {
        SignInAs("Chen Li", Roles.SupportAgent);
        Seed(_database, Tickets);
        Train();
        using (var db = _database.Factory.CreateDbContext())
        {
            db.IntentModels.Add(new IntentModelVersion { StartedBy = "nightly", Status = IntentModelStatus.Failed, Error = "Training was cancelled." });
            db.SaveChanges();
        }
        var page = RenderWithProviders<ModelPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ops-intent-versions__row").Count));

        page.FindAll(".ops-intent-versions__row")[0].Click();

        page.WaitForAssertion(() => Assert.Contains("failed: Training was cancelled.", page.Find(".ops-intent-selected-failed").TextContent));
        Assert.Empty(page.FindAll(".ops-intent-confusion"));
    }

    public new void Dispose()
    {
        base.Dispose();
        _jobs.Dispose();
        _database.Dispose();
    }
}
