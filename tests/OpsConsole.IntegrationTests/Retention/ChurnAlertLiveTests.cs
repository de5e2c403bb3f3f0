using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Retention;

namespace OpsConsole.IntegrationTests.Retention;

public sealed class ChurnAlertLiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChurnAlertRaised_ScoringBatchWrittenThroughTheAppsServices_ReachesOperatorsAndNotSupportAgents()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (_, operatorCookies) = await app.SignInAsync(Roles.Operator);
        var (_, agentCookies) = await app.SignInAsync(Roles.SupportAgent);
        await using var operatorHub = app.ConnectHub(operatorCookies);
        await using var agentHub = app.ConnectHub(agentCookies);
        var toOperator = new TaskCompletionSource<ChurnAlertSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var toAgent = new TaskCompletionSource<ChurnAlertSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        operatorHub.On<ChurnAlertSummary>("ChurnAlertRaised", a => toOperator.TrySetResult(a));
        agentHub.On<ChurnAlertSummary>("ChurnAlertRaised", a => toAgent.TrySetResult(a));
        await operatorHub.StartAsync(Ct);
        await agentHub.StartAsync(Ct);

        await app.Services.GetRequiredService<ChurnScoreStore>().WriteAsync(
        [
            new ChurnScoreInput("u-42", 0.82, [new ChurnDriver("days_since_active", "No lesson in 21 days", 0.5)], null),
            new ChurnScoreInput("u-43", 0.10, [], null),
        ], Ct);
        var raised = await app.Services.GetRequiredService<ChurnAlertService>().RaiseAsync(Ct);

        var pushed = await toOperator.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal((Assert.Single(raised.Raised).Id, "u-42", 0.82, "No lesson in 21 days"), (pushed.Id, pushed.LearnerId, pushed.Risk, pushed.TopDriver));
        Assert.False(await Task.WhenAny(toAgent.Task, Task.Delay(TimeSpan.FromSeconds(1), Ct)) == toAgent.Task, "a support agent was told of a churn alert");
    }

    [Fact]
    public async Task Export_FilteredList_DownloadsTheMatchingAlertsAsCsv()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (client, _) = await app.SignInAsync(Roles.Operator);
        await app.Services.GetRequiredService<ChurnScoreStore>().WriteAsync(
            [new("u-1", 0.91, [new ChurnDriver("refunds", "Asked for a refund, \"twice\"", 0.3)], null), new("u-2", 0.75, [], null)], Ct);
        var alerts = app.Services.GetRequiredService<ChurnAlertService>();
        var raised = (await alerts.RaiseAsync(Ct)).Raised.ToDictionary(a => a.LearnerId, a => a.Id);
        await alerts.ResolveAsync(raised["u-2"], "li.na", Ct);

        var response = await client.GetAsync("/retention/alerts/export.csv?status=unresolved&sort=risk", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("alert_id,learner_id,raised_at_utc,risk", lines[0]);
        Assert.StartsWith($"{raised["u-1"]},u-1,", lines[1]);
        Assert.Contains(",0.9100,0.7000,low,,,open,", lines[1]);
        Assert.EndsWith("\"Asked for a refund, \"\"twice\"\"\"", lines[1]);
    }
}
