using System.Net;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Live;

public sealed class OpsHubTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Roles.Operator, true)]
    [InlineData(Roles.Manager, true)]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.SupportAgent, false)]
    public async Task EventsIngested_BatchCommitted_ReachesTheRolesThatWatchTheOverview(string role, bool expectsPulse)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (_, cookies) = await app.SignInAsync(role);
        await using var connection = app.ConnectHub(cookies);
        var received = new TaskCompletionSource<IngestionPulse>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<IngestionPulse>("EventsIngested", pulse => received.TrySetResult(pulse));
        await connection.StartAsync(Ct);
        var client = await app.CreateIngestClientAsync();

        await client.PostAsync("/api/v1/events", new StringContent(
            """[{"eventId":"e-1","learnerId":"u-1","type":"view","occurredAt":"2026-05-01T10:00:00Z"},{"eventId":"e-2","learnerId":"u-1","type":"nope","occurredAt":"2026-05-01T10:00:00Z"}]""",
            Encoding.UTF8, "application/json"), Ct);

        var arrived = await Task.WhenAny(received.Task, Task.Delay(TimeSpan.FromSeconds(expectsPulse ? 10 : 2), Ct)) == received.Task;
        Assert.Equal(expectsPulse, arrived);
        if (expectsPulse)
        {
            var pulse = await received.Task;
            Assert.Equal((1, 0, 1), (pulse.Accepted, pulse.Duplicates, pulse.Rejected));
        }
    }

    [Theory]
    [InlineData(Roles.SupportAgent)]
    [InlineData(Roles.Operator)]
    public async Task Ping_SignedInCaller_GetsItsOwnStampBackAndNobodyElseDoes(string role)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (_, cookies) = await app.SignInAsync(role);
        var (_, otherCookies) = await app.SignInAsync(role);
        await using var caller = app.ConnectHub(cookies);
        await using var other = app.ConnectHub(otherCookies);
        var echoed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var overheard = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        caller.On<long>("Pong", stamp => echoed.TrySetResult(stamp));
        other.On<long>("Pong", stamp => overheard.TrySetResult(stamp));
        await caller.StartAsync(Ct);
        await other.StartAsync(Ct);

        await caller.InvokeAsync("Ping", 638_912_345_678_901L, Ct);

        Assert.Equal(638_912_345_678_901L, await echoed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        // A second ping from the other connection is answered to it alone, after anything the first could have sent it.
        await other.InvokeAsync("Ping", 7L, Ct);
        Assert.Equal(7L, await overheard.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Connect_Anonymous_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var connection = app.ConnectHub(new CookieContainer());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync(Ct));

        Assert.Contains("401", error.Message);
    }
}
