using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;
using OpsConsole.Web.Jobs;
using OpsConsole.Web.Support;

namespace OpsConsole.IntegrationTests.Support.Intents;

/// <summary>The intent model's life in the running console: trained from the demo platform's confirmed tickets, served, retrained.</summary>
public sealed class IntentModelLifecycleTests
{
    /// <summary>Enough learners for a few hundred answered tickets over every intent, in both languages.</summary>
    private static readonly DemoRequest Demo = new(2000, 120, 42, new DateOnly(2026, 6, 30));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> Quiet = new() { ["Profiles:LiveRefresh"] = "false" };

    private static async Task<TestDatabase> DemoDatabaseAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await new DemoPlatformGenerator(db.Contexts, db.Options).GenerateAsync(Demo, null, Ct);
        return db;
    }

    [Theory, DatabaseProviders]
    public async Task TrainAsync_DemoPlatformTickets_FirstVersionReadsTicketsInBothLanguagesOnEveryInstance(DatabaseProvider provider)
    {
        await using var db = await DemoDatabaseAsync(provider);
        await using var app = new OpsConsoleApp(db, Quiet);
        var progress = new List<double>();
        Dictionary<string, int> perIntent;
        await using (var ctx = await db.Contexts.CreateDbContextAsync(Ct))
        {
            perIntent = (await ctx.Tickets.Where(t => t.IntentConfirmed).Select(t => t.Intent!).ToListAsync(Ct))
                .GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        }
        var minimum = new IntentModelOptions().MinimumPerIntent;
        string[] intents = [.. perIntent.Where(p => p.Value >= minimum).Select(p => p.Key).Order(StringComparer.Ordinal)];
        var confirmed = perIntent.Where(p => p.Value >= minimum).Sum(p => p.Value);

        var version = await app.Services.GetRequiredService<IntentTrainer>().TrainAsync("manager@example.test", new SyncProgress(progress.Add), Ct);

        Assert.Equal(IntentModelStatus.Active, version.Status);
        Assert.Equal(1.0, progress[^1]);
        var stored = (await app.Services.GetRequiredService<IntentModelRegistry>().GetAsync(version.Id, Ct))!;
        var report = IntentModelReport.Read(stored.Evaluation)!;
        // Every intent agents confirmed often enough is learnt; the rarer ones are named as left out.
        Assert.True(intents.Length >= 7, string.Join(", ", perIntent));
        Assert.Equal(intents, report.Intents);
        Assert.Equal(perIntent.Where(p => p.Value < minimum).Select(p => p.Key).Order(StringComparer.Ordinal), report.LeftOut.Select(i => i.Intent).Order(StringComparer.Ordinal));
        Assert.Equal(intents.Length, stored.Classes);
        Assert.Equal(confirmed, stored.TrainingExamples + stored.TestExamples);
        Assert.InRange(stored.TestExamples, (int)(confirmed * 0.18), (int)(confirmed * 0.22) + intents.Length);
        Assert.True(stored.Accuracy >= 0.9, $"accuracy {stored.Accuracy:0.000} on {stored.TestExamples} held-out demo tickets");
        Assert.True(stored.MacroF1 >= 0.9, $"macro-F1 {stored.MacroF1:0.000}: " + string.Join("; ", IntentModelReport.Read(stored.Evaluation)!.PerIntent.Select(r => $"{r.Intent} P{r.Precision:0.00} R{r.Recall:0.00} n{r.Support}/{r.TrainingExamples}")));
        Assert.Subset(DemoTicketsIntents.ToHashSet(), perIntent.Keys.ToHashSet());
        Assert.Equal(stored.TestExamples, report.ConfusionMatrix.Sum(r => r.Sum()));
        await using (var ctx = await db.Contexts.CreateDbContextAsync(Ct))
        {
            Assert.True(await ctx.IntentModels.AnyAsync(m => m.Id == version.Id && m.Content != null && m.Content.Length > 1000, Ct));
        }

        // Another instance started afterwards loads the active version from the database at start.
        await using var other = new OpsConsoleApp(db, Quiet);
        _ = other.BaseAddress;
        var classifier = other.Services.GetRequiredService<IIntentClassifier>();
        Assert.Equal((version.Id, "refund_request"), Read(classifier, "Refund please", "I bought this course by mistake and would like my money back."));
        Assert.Equal((version.Id, "invoice"), Read(classifier, "开发票", "请帮我开一张订单的增值税发票，公司报销要用。"));
        Assert.Equal((version.Id, "login_account"), Read(classifier, "登录不了", "输入密码后一直提示账号或密码错误，登录不上。"));
    }

    [Fact]
    public async Task Startup_JobServerAndConfirmedDemoTickets_TrainsTheFirstModelInTheBackgroundThenRetrainsOnDemand()
    {
        await using var db = await DemoDatabaseAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?>(Quiet)
        {
            ["Jobs:Enabled"] = "true",
            ["Support:Intents:RetrainCron"] = "45 1 * * *",
        });
        _ = app.BaseAddress;
        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.Equal("45 1 * * *", connection.GetRecurringJobs().Single(j => j.Id == IntentModelJobs.RecurringJobId).Cron);
        }
        var registry = app.Services.GetRequiredService<IntentModelRegistry>();
        // The job promotes the version, then the host loads it.
        var serving = await WaitForAsync(() => Task.FromResult(app.Services.GetRequiredService<IntentModelHost>().Current));
        var first = (await registry.ActiveAsync(Ct))!;
        Assert.Equal(IntentModelJobs.Startup, first.StartedBy);
        Assert.Equal(first.Id, serving.Version);

        await using var scope = app.Services.CreateAsyncScope();
        var tracker = scope.ServiceProvider.GetRequiredService<IntentModelJobTracker>();
        var jobId = tracker.EnqueueTraining("manager@example.test");
        var final = await scope.ServiceProvider.GetRequiredService<RollupJobTracker>().WaitAsync(jobId, _ => Task.CompletedTask, TimeSpan.FromSeconds(180), Ct);

        Assert.Equal(JobProgress.Succeeded, final);
        Assert.Equal((JobProgress.Succeeded, 100), tracker.GetProgress(jobId));
        var versions = await registry.ListAsync(Ct);
        Assert.Equal(2, versions.Count);
        Assert.Equal("manager@example.test", versions[0].StartedBy);
        // Same tickets, same split, same figures: the second version is no worse, so it replaced the first.
        Assert.Equal((IntentModelStatus.Active, IntentModelStatus.Retired), (versions[0].Status, versions[1].Status));
    }

    [Fact]
    public async Task Startup_NoConfirmedTickets_TrainsNothingAndRecordsNothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?>(Quiet) { ["Jobs:Enabled"] = "true" });
        _ = app.BaseAddress;

        var jobs = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Task.Delay(500, Ct);

        Assert.Empty(await app.Services.GetRequiredService<IntentModelRegistry>().ListAsync(Ct));
        var ran = jobs.EnqueuedJobs("default", 0, 50).Select(j => j.Value.Job?.Type)
            .Concat(jobs.ProcessingJobs(0, 50).Select(j => j.Value.Job?.Type))
            .Concat(jobs.SucceededJobs(0, 50).Select(j => j.Value.Job?.Type))
            .Concat(jobs.FailedJobs(0, 50).Select(j => j.Value.Job?.Type));
        Assert.DoesNotContain(typeof(IntentModelJobs), ran);
        Assert.Null(app.Services.GetRequiredService<IIntentClassifier>().Classify("Refund", "Please refund me."));
    }

    [Fact]
    public async Task Startup_InvalidRetrainCron_FailsNamingTheKey()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Support:Intents:RetrainCron"] = "every night" });

        var error = Assert.ThrowsAny<Exception>(() => app.BaseAddress);

        Assert.Contains("Support:Intents:RetrainCron 'every night' is not a valid cron expression", error.ToString());
    }

    private static readonly string[] DemoTicketsIntents =
        ["billing", "refund_request", "video_playback", "login_account", "certificate", "course_content", "invoice", "membership_renewal", "coupon"];

    private static (int, string) Read(IIntentClassifier classifier, string subject, string body) =>
        classifier.Classify(subject, body) is { } reading ? (reading.ModelVersion, reading.Intent) : (0, "");

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the first intent model");
            await Task.Delay(250, Ct);
        }
    }
}
