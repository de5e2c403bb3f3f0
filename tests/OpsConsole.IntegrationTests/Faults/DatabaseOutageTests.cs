using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Web.Hosting;

namespace OpsConsole.IntegrationTests.Faults;

/// <summary>
/// The database goes away under a running app and comes back: a real PostgreSQL server of the test's own is stopped and
/// started again, and the app is never restarted.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Events(string id) => new(
        $$"""[{"eventId":"{{id}}","learnerId":"u-outage","type":"login","occurredAt":"{{DateTime.UtcNow.AddMinutes(-1):O}}"}]""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task Requests_WhileTheDatabaseIsStopped_Answer503WithRetryAfterAndRecoverWhenItReturns()
    {
        await using var cluster = await PostgresCluster.StartPrivateAsync();
        await using var db = await TestDatabase.CreateOnAsync(cluster);
        await using var app = new OpsConsoleApp(db);
        var ingest = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Ingest | ApiScopes.Experiments));
        var (console, _) = await app.SignInAsync(Roles.Operator);
        var status = app.Services.GetRequiredService<DatabaseStatus>();
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/api/v1/events", Events("before"), Ct)).StatusCode);

        await cluster.StopServerAsync();

        var api = await ingest.GetAsync("/api/v1/experiments", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableHandler.RetryAfterSeconds), api.Headers.RetryAfter?.Delta);
        var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("Database unavailable", problem.GetProperty("title").GetString());
        var write = await ingest.PostAsync("/api/v1/events", Events("during"), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.NotNull(write.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.CreateRawClient().GetAsync("/health", Ct)).StatusCode);
        var page = await console.GetAsync("/learners", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("reloads itself", await page.Content.ReadAsStringAsync(Ct));
        Assert.False(status.Available);

        await cluster.StartServerAsync();

        // No restart: pooled connections that died with the server are dropped as they are found, new ones open.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode answer;
        do
        {
            answer = (await ingest.GetAsync("/api/v1/experiments", Ct)).StatusCode;
            if (answer != HttpStatusCode.OK) await Task.Delay(500, Ct);
        }
        while (answer != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, answer);
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/api/v1/events", Events("after"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateRawClient().GetAsync("/health", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/learners", Ct)).StatusCode);
        var watchDeadline = DateTime.UtcNow.AddSeconds(30);
        while (!status.Available && DateTime.UtcNow < watchDeadline) await Task.Delay(250, Ct);
        Assert.True(status.Available);

        await using var read = await db.Contexts.CreateDbContextAsync(Ct);
        // What was acknowledged is stored once; what was refused during the outage is not.
        Assert.Equal(["after", "before"], await read.Events.Where(e => e.LearnerId == "u-outage").Select(e => e.EventId).OrderBy(e => e).ToListAsync(Ct));
    }
}
