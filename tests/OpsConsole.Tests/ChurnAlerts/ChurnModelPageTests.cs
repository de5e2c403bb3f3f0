using System.Globalization;
using System.Text.Json;
using Bunit;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Retention;
using OpsConsole.Retention.Churn;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Retention.Model;
using OpsConsole.Web.Jobs;
using OpsConsole.Web.Retention;

namespace OpsConsole.Tests.ChurnAlerts;

/// <summary>
/// The churn model page over a real database with the real registry and job client. Versions are stored as a training
/// run stores them; their reports are measured by the real metrics on scores drawn here, so training stays out of the way.
/// </summary>
public sealed class ChurnModelPageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly InMemoryStorage _jobs = new(new InMemoryStorageOptions());

    public ChurnModelPageTests()
    {
        _database.Register(Services);
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton(new OpsConsole.Profiles.ProfileOptions());
        Services.AddSingleton(new PlatformTime(TimeZoneInfo.Utc, TimeProvider.System));
        Services.AddSingleton(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        Services.AddLogging();
        Services.AddIngestion();
        Services.AddChurnScoring();
        Services.AddSingleton<JobStorage>(_jobs);
        Services.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(_jobs));
        Services.AddSingleton(new JobsOptions { Enabled = false });
        Services.AddSingleton<RollupJobTracker>();
        Services.AddSingleton<ChurnModelJobTracker>();
        var charts = JSInterop.SetupModule(ApexChart.ModulePath);
        charts.SetupVoid("create", _ => true).SetVoidResult();
        charts.SetupVoid("update", _ => true).SetVoidResult();
    }

    [Fact]
    public void Render_OperatorWithAServingModel_ShowsItsFiguresAndChartsButNoActions()
    {
        SignInAs("Li Na", Roles.Operator);
        var report = Report(seed: 1);
        var v1 = Store(report, ChurnModelStatus.Active, promotedAt: DateTime.UtcNow.AddDays(-1));

        var page = RenderWithProviders<ChurnModelPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-churn-versions__row")));
        Assert.Equal($"v{v1.Id}", page.Find(".ops-churn-serving").TextContent.Trim());
        Assert.Equal(report.Evaluation.Auc!.Value.ToString("0.000", CultureInfo.CurrentCulture), page.Find(".ops-churn-auc").TextContent);
        Assert.Equal(report.Evaluation.PrAuc!.Value.ToString("0.000", CultureInfo.CurrentCulture), page.Find(".ops-churn-pr-auc").TextContent);
        Assert.Equal(report.Evaluation.Lift[0].Lift.ToString("0.00", CultureInfo.CurrentCulture) + "×", page.Find(".ops-churn-lift").TextContent);
        Assert.Contains($"{report.TestRows:N0} snapshots of {report.TestLearners:N0} learners", page.Find(".ops-churn-protocol").TextContent);
        Assert.Empty(page.FindAll(".ops-churn-promote, .ops-churn-rollback, .ops-churn-train"));

        var charts = page.FindComponents<ApexChart>().Select(c => c.Instance).ToList();
        Assert.Equal(["xy", "xy", "xy", "bar", "barh"], charts.Select(c => c.Type));
        var roc = charts[0].Series[0];
        Assert.Equal(report.Evaluation.Roc!.Select(p => p.X), roc.X!);
        Assert.Equal(report.Evaluation.Roc!.Select(p => p.Y), roc.Data);
        Assert.True(charts[0].Series[1].Dashed);
        // Calibration draws only the bins that hold learners, at their mean predicted risk.
        var filled = report.Evaluation.Calibration.Where(b => b.Count > 0).ToList();
        Assert.Equal(filled.Select(b => b.MeanPredicted!.Value), charts[2].Series[0].X!);
        Assert.Equal(filled.Select(b => b.ObservedRate!.Value), charts[2].Series[0].Data);
        Assert.Equal(Enumerable.Range(1, 10).Select(d => $"D{d}"), charts[3].Categories);
        // Importance in people's words, largest share first.
        Assert.Equal(["Days since last activity", "Unresolved tickets", "Channel"], charts[4].Categories);
        Assert.Equal([0.6, 0.3, 0.1], charts[4].Series[0].Data);
    }

    [Fact]
    public void Render_NoVersion_ShowsTheEmptyStateThatInvitesAManagerToTrain()
    {
        SignInAs("Zhou Min", Roles.Manager);

        var page = RenderWithProviders<ChurnModelPage>();

        page.WaitForAssertion(() => Assert.Contains("No churn model yet", page.Find(".ops-churn-empty").TextContent));
        Assert.Contains("Train one now", page.Find(".ops-churn-empty").TextContent);
        Assert.NotNull(page.Find(".ops-churn-train"));
    }

    [Fact]
    public void TrainNow_Manager_EnqueuesTheRetrainJobStartedByThemAndShowsItsProgress()
    {
        SignInAs("Zhou Min", Roles.Manager);
        var page = RenderWithProviders<ChurnModelPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-churn-empty")));

        page.Find(".ops-churn-train").Click();

        page.WaitForAssertion(() => Assert.Contains("Waiting for a job server", page.Find(".ops-churn-train__progress").TextContent));
        var job = Assert.Single(_jobs.GetMonitoringApi().EnqueuedJobs("default", 0, 10)).Value;
        Assert.Equal((typeof(ChurnModelJobs), nameof(ChurnModelJobs.TrainAsync)), (job.Job.Type, job.Job.Method.Name));
        Assert.Equal("zhou.min@example.test", job.Job.Args[0]);
    }

    [Fact]
    public async Task PromoteAndRollBack_ManagerConfirms_TheRegistryServesTheChosenVersion()
    {
        SignInAs("Zhou Min", Roles.Manager);
        var registry = Services.GetRequiredService<ChurnModelRegistry>();
        var v1 = Store(Report(seed: 1), ChurnModelStatus.Ready);
        await registry.PromoteAsync(v1.Id, "first model", Xunit.TestContext.Current.CancellationToken);
        var v2 = Store(Report(seed: 2), ChurnModelStatus.Ready);
        var page = RenderWithProviders<ChurnModelPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($".ops-churn-versions__row[data-version='{v2.Id}'] .ops-churn-promote")));
        Assert.Empty(page.FindAll(".ops-churn-rollback"));

        page.Find($".ops-churn-versions__row[data-version='{v2.Id}'] .ops-churn-promote").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Promote").Click();

        page.WaitForAssertion(() => Assert.Equal(v2.Id, registry.ActiveAsync(CancellationToken.None).GetAwaiter().GetResult()?.Id));
        Assert.Equal("zhou.min@example.test", (await registry.ActiveAsync(Xunit.TestContext.Current.CancellationToken))!.PromotedBy);
        page.WaitForAssertion(() => Assert.Equal($"v{v2.Id}", page.Find(".ops-churn-serving").TextContent.Trim()));

        page.Find($".ops-churn-versions__row[data-version='{v2.Id}'] .ops-churn-rollback").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Roll back").Click();

        page.WaitForAssertion(() => Assert.Equal(v1.Id, registry.ActiveAsync(CancellationToken.None).GetAwaiter().GetResult()?.Id));
        page.WaitForAssertion(() => Assert.Contains($"v{v1.Id} serves again", page.Markup));
        Assert.Contains("Retired", page.Find($".ops-churn-versions__row[data-version='{v2.Id}'] .ops-churn-status").TextContent);
    }

    [Fact]
    public void SelectRow_VersionStoredWithoutCurves_ShowsItsOtherChartsAndSaysHowToGetTheCurves()
    {
        SignInAs("Li Na", Roles.Operator);
        var report = Report(seed: 3);
        Store(report with { Evaluation = report.Evaluation with { Roc = null, PrecisionRecall = null } }, ChurnModelStatus.Active, promotedAt: DateTime.UtcNow);

        var page = RenderWithProviders<ChurnModelPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ops-churn-no-curves").Count));
        Assert.Equal(["xy", "bar", "barh"], page.FindComponents<ApexChart>().Select(c => c.Instance.Type));
    }

    [Fact]
    public void SelectRow_FailedVersion_ShowsWhyItFailed()
    {
        SignInAs("Li Na", Roles.Operator);
        Store(Report(seed: 1), ChurnModelStatus.Active, promotedAt: DateTime.UtcNow);
        using (var db = _database.Factory.CreateDbContext())
        {
            db.ChurnModels.Add(new ChurnModelVersion { StartedBy = "weekly", Status = ChurnModelStatus.Failed, Error = "Training was cancelled." });
            db.SaveChanges();
        }
        var page = RenderWithProviders<ChurnModelPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ops-churn-versions__row").Count));

        page.FindAll(".ops-churn-versions__row")[0].Click();

        page.WaitForAssertion(() => Assert.Contains("was not trained: Training was cancelled.", page.Find(".ops-churn-selected-failed").TextContent));
        Assert.Empty(page.FindAll(".ops-churn-protocol"));
    }

    [Fact]
    public void Texts_EveryFeatureAndStatus_HaveEnglishAndChineseTextsWithTheSamePlaceholders()
    {
        TextResources.AssertChineseMatchesEnglish(typeof(ChurnModelText));

        string[] needed = [.. ChurnFeatureSet.Schema.Columns.Select(c => $"Feature_{c}"), .. Enum.GetValues<ChurnModelStatus>().Select(s => $"Status_{s}")];
        Assert.Equal([], needed.Except(TextResources.English(typeof(ChurnModelText)).Keys));
    }

    /// <summary>A report as a training run writes it, measured on 400 scores where churners score higher on average.</summary>
    private static ChurnModelReport Report(int seed)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.25).ToArray();
        var scores = labels.Select(l => Math.Clamp((l ? 0.55 : 0.25) + (random.NextDouble() - 0.5) * 0.6, 0.01, 0.99)).ToArray();
        var evaluation = BinaryMetrics.Evaluate(scores, labels);
        FeatureImportance[] importance = [new("days_since_active", 0.9, 0.6), new("open_tickets", 0.45, 0.3), new("channel", 0.15, 0.1)];
        return new ChurnModelReport(new DateOnly(2026, 6, 1), [new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 15)], 2000, 1000, 1600, 400, 200,
            0.25, evaluation, importance, 1.2, 3.4, 30, 7, 30, 300, 16, 0.05, 42, 0.2);
    }

    private ChurnModelVersion Store(ChurnModelReport report, ChurnModelStatus status, DateTime? promotedAt = null)
    {
        using var db = _database.Factory.CreateDbContext();
        var version = new ChurnModelVersion
        {
            StartedBy = "weekly", StartedAt = DateTime.UtcNow.AddHours(-2), DurationMs = 4600, Trainer = "lightgbm", TrainingExamples = report.TrainRows,
            TestExamples = report.TestRows, PositiveRate = report.Evaluation.BaseRate, Auc = report.Evaluation.Auc ?? 0, PrAuc = report.Evaluation.PrAuc ?? 0,
            LogLoss = report.Evaluation.LogLoss, Evaluation = JsonSerializer.Serialize(report), Status = status, PromotedAt = promotedAt,
            PromotedBy = promotedAt is null ? null : "first model", Content = [1, 2, 3],
        };
        db.ChurnModels.Add(version);
        db.SaveChanges();
        return version;
    }

    public new void Dispose()
    {
        base.Dispose();
        _jobs.Dispose();
        _database.Dispose();
    }
}
