using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Demo;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Retention;
using OpsConsole.Web.Retention;

namespace OpsConsole.IntegrationTests.Retention;

/// <summary>The churn model's jobs in the real app: training on a demo platform, scoring everyone, and the alert reaching operators live.</summary>
public sealed class ChurnScoringJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TrainAsync_FirstModelOnADemoPlatform_ServesScoresEveryoneAndPushesTheAlertsToOperators()
    {
        var (database, summary) = await DemoData.GenerateAsync(new DemoRequest(800, 150, 7, DemoPlatformGenerator.DefaultEndDate(TimeProvider.System)));
        await using var _ = database;
        // A low threshold, so this small platform surely has learners above it.
        await using var app = new OpsConsoleApp(database, new Dictionary<string, string?> { ["Retention:Alerts:DefaultThreshold"] = "0.3" });
        var (_, operatorCookies) = await app.SignInAsync(Roles.Operator);
        await using var operatorHub = app.ConnectHub(operatorCookies);
        var pushed = new TaskCompletionSource<ChurnAlertSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        operatorHub.On<ChurnAlertSummary>("ChurnAlertRaised", a => pushed.TrySetResult(a));
        await operatorHub.StartAsync(Ct);

        await app.Services.GetRequiredService<ChurnModelJobs>().TrainAsync("test", null, Ct);

        var registry = app.Services.GetRequiredService<ChurnModelRegistry>();
        var version = Assert.Single(await registry.ListAsync(Ct));
        Assert.Equal((ChurnModelStatus.Active, "test (first model)"), (version.Status, version.PromotedBy));
        Assert.InRange(version.Auc, 0.6, 1.0);
        var alert = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(alert.Risk >= 0.3);
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        // Everyone not churned yet is scored; learners already gone have nothing left to predict.
        var scored = await db.ChurnScores.CountAsync(Ct);
        Assert.InRange(scored, summary.Learners / 4, summary.Learners);
        Assert.All(await db.ChurnScores.Select(s => s.ModelVersionId).Distinct().ToListAsync(Ct), id => Assert.Equal(version.Id, id));
        Assert.True(await db.ChurnAlerts.AnyAsync(a => a.LearnerId == alert.LearnerId, Ct));

        // A second run with the same model raises nothing new: every learner above the threshold already has an open alert.
        var again = await app.Services.GetRequiredService<ChurnScoring>().RunAsync(Ct);
        Assert.Equal((version.Id, scored, 0), (again.ModelVersion, again.Scored, again.AlertsRaised));
    }
}
