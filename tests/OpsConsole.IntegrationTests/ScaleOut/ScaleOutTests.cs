using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;
using OpsConsole.Web.Hosting;
using StackExchange.Redis;

namespace OpsConsole.IntegrationTests.ScaleOut;

/// <summary>Two real instances behind an imaginary load balancer that sends each request wherever it likes.</summary>
public sealed partial class ScaleOutTests(ScaleOutClusterFixture fixture) : IClassFixture<ScaleOutClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TicketAssigned_TicketPostedToInstanceA_ReachesTheAgentConnectedToInstanceB()
    {
        var cluster = await fixture.GetAsync();
        const string agent = "desk-b@scale.test";
        // Signed in on B and connected to B: only the push has to cross between the instances.
        var (_, cookies) = await cluster.B.SignInAsync(Roles.SupportAgent, agent);
        var agents = cluster.A.Services.GetRequiredService<AgentDirectory>();
        await agents.SaveAsync(new AgentProfile(agent, "Desk B", "*", "en", "", 5), Ct);
        await agents.SetStatusAsync(agent, AgentStatus.Online, Ct);
        await using var hubOnB = cluster.B.ConnectHub(cookies);
        var assigned = new TaskCompletionSource<TicketSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        hubOnB.On<TicketSummary, string>("TicketAssigned", (ticket, _) => assigned.TrySetResult(ticket));
        await hubOnB.StartAsync(Ct);
        var api = cluster.A.CreateApiClient(await cluster.A.CreateApiKeyAsync(ApiScopes.Tickets));

        var response = await api.PostAsync("/api/v1/tickets", new StringContent(
            """{"learnerId":"l-scale","subject":"Cannot open lesson 3","body":"The video of lesson 3 does not start","channel":"app"}""",
            Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(agent, created.GetProperty("assigneeId").GetString());
        var pushed = await assigned.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        Assert.Equal((created.GetProperty("ticketId").GetInt64(), "Cannot open lesson 3"), (pushed.Id, pushed.Subject));
    }

    [Fact]
    public async Task SignIn_FormFromInstanceAPostedToInstanceB_CookieIsAcceptedByInstanceA()
    {
        var cluster = await fixture.GetAsync();
        var email = $"operator-{Guid.NewGuid():N}@scale.test";
        await using (var scope = cluster.A.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().CreateAsync(email, Roles.Operator, OpsConsoleApp.TestPassword);
        }
        var cookies = new CookieContainer();
        using var onA = cluster.A.CreateRawClient(cookies);
        using var onB = cluster.B.CreateRawClient(cookies);
        using var anonymousOnA = cluster.A.CreateRawClient();
        const string page = "/retention/alerts/export.csv";

        // The form and its antiforgery cookie come from A; the post lands on B.
        var token = AntiforgeryField().Match(await onA.GetStringAsync("/login", Ct));
        Assert.True(token.Success, "the sign-in page has no antiforgery token");
        var signIn = await onB.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = OpsConsoleApp.TestPassword,
            ["ReturnUrl"] = "/",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }), Ct);
        // The cookie B issued opens a signed-in page on A.
        var onAWithCookie = await onA.GetAsync(page, Ct);
        var withoutCookie = await anonymousOnA.GetAsync(page, Ct);

        Assert.Equal((HttpStatusCode.Redirect, "/"), (signIn.StatusCode, signIn.Headers.Location?.OriginalString));
        Assert.Equal(HttpStatusCode.OK, onAWithCookie.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, withoutCookie.StatusCode);
        // They agree because they read one key ring, and that ring is the one in Redis.
        var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.ConnectionString);
        await using var _ = redis;
        var stored = (await redis.GetDatabase().ListRangeAsync(ScaleOutSetup.DataProtectionKey))
            .Select(x => KeyId().Match(x.ToString()).Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(stored);
        foreach (var app in new[] { cluster.A, cluster.B })
        {
            var keys = app.Services.GetRequiredService<IKeyManager>().GetAllKeys().Select(k => k.KeyId.ToString());
            Assert.Equal(stored.Order(StringComparer.OrdinalIgnoreCase), keys.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task RecurringJob_BothInstancesScheduleItAndRunJobServers_EachOccurrenceRunsOnce()
    {
        var cluster = await fixture.GetAsync();
        await ScheduleProbe.CreateTableAsync(cluster.Database.ConnectionString);
        // Every three seconds; Strict makes Hangfire create one job per occurrence even when its scheduler polls less often
        // (every 15 s by default), so each occurrence is visible by itself.
        const string everyThreeSeconds = "*/3 * * * * *";
        var schedule = new RecurringJobOptions { MisfireHandling = MisfireHandlingMode.Strict };
        var registeredAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var app in new[] { cluster.A, cluster.B })
        {
            app.Services.GetRequiredService<IRecurringJobManager>()
                .AddOrUpdate<ScheduleProbe>(ScheduleProbe.RecurringJobId, p => p.RecordAsync(null), everyThreeSeconds, schedule);
        }

        var deadline = DateTime.UtcNow.AddSeconds(45);
        while ((await ScheduleProbe.RunsAsync(cluster.Database.ConnectionString)).Count < 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, Ct);
        }
        cluster.A.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(ScheduleProbe.RecurringJobId);
        var removedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // Jobs already created for occurrences before the removal still run; wait until the count stops moving.
        var runs = await ScheduleProbe.RunsAsync(cluster.Database.ConnectionString);
        for (var settle = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < settle;)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            var now = await ScheduleProbe.RunsAsync(cluster.Database.ConnectionString);
            if (now.Count == runs.Count)
            {
                break;
            }
            runs = now;
        }

        Assert.True(runs.Count >= 6, $"only {runs.Count} runs in 45 s of a three-second schedule");
        Assert.Equal(runs.Count, runs.Select(r => r.Occurrence).Distinct().Count());
        Assert.All(runs, r => Assert.Equal(0, r.Occurrence % 3));
        Assert.All(runs, r => Assert.InRange(r.Occurrence, registeredAt, removedAt));
        // One run per occurrence between registration and removal: none were doubled, none lost in between.
        var first = runs.Min(r => r.Occurrence);
        var last = runs.Max(r => r.Occurrence);
        Assert.Equal((last - first) / 3 + 1, runs.Count);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{runs.Count} runs: {string.Join(", ", runs.GroupBy(r => r.Instance).OrderBy(g => g.Key).Select(g => $"{g.Count()} on {g.Key}"))}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<key id=\"([0-9a-fA-F-]+)\"")]
    private static partial Regex KeyId();
}
