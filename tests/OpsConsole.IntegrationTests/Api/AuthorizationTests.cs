using System.Net;
using System.Text.Json;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Api;

/// <summary>Every page, hub and endpoint against anonymous callers and each role, over real HTTP.</summary>
public sealed class AuthorizationTests(SignedInClients signedIn) : IClassFixture<SignedInClients>
{
    private const string Anonymous = SignedInClients.Anonymous;
    private readonly Dictionary<string, HttpClient> _clients = signedIn.Clients;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Who may open what. Pages answer 200, a redirect to sign-in, or a redirect to access-denied.</summary>
    public static TheoryData<string, string, string[]> Surface => new()
    {
        { "GET", "/", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/learners", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/learners/u-1", [Roles.Operator, Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/learners/export.csv", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/api/v1/learners/u-1/profile", [] },
        { "GET", "/segments", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/segments/new", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/retention", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/funnels", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/retention/export.csv?from=2026-01-05&to=2026-02-02", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/funnels/export.csv?steps=view,purchase&from=2026-01-01&to=2026-02-01", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/paths", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/lifecycle", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/compass", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/paths/export.csv?event=view&from=2026-01-01&to=2026-02-01", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/lifecycle/export.csv?from=2026-01-01&to=2026-02-01", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/stickiness/export.csv?from=2026-01-01&to=2026-02-01", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/analytics/compass/export.csv?from=2026-01-01&to=2026-02-01", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/api/v1/analytics/paths?event=view&from=2026-01-01&to=2026-02-01", [] },
        { "GET", "/api/v1/analytics/lifecycle?from=2026-01-01&to=2026-02-01", [] },
        { "GET", "/api/v1/analytics/stickiness?from=2026-01-01&to=2026-02-01", [] },
        { "GET", "/api/v1/analytics/compass?from=2026-01-01&to=2026-02-01", [] },
        { "GET", "/admin/api-keys", [Roles.Admin] },
        { "GET", "/admin/quarantine", [Roles.Admin] },
        { "GET", "/admin/users", [Roles.Admin] },
        { "GET", "/jobs", [Roles.Admin] },
        { "GET", "/api-docs/", [Roles.Operator, Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/openapi/v1.json", [Roles.Operator, Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "POST", "/hubs/ops/negotiate?negotiateVersion=1", [Roles.Operator, Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "POST", "/api/v1/events", [] },
        { "PUT", "/api/v1/learners/u-1", [] },
        { "PUT", "/api/v1/catalog/c-1", [] },
        { "GET", "/recommendations", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/recommendations/online", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/recommendations/preview?learner=u-1", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/recommendations/versions/export.csv", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/recommendations/metrics/export.csv", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/recommendations/online/export.csv?from=2026-01-01&to=2026-01-31&by=day", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/support/reports", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/support/reports/times/export.csv?from=2026-01-01&to=2026-01-31", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/support/reports/agents/export.csv?from=2026-01-01&to=2026-01-31&bucket=week", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/support", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/support/tickets/1", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/support/agents", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/support/routing", [Roles.Manager, Roles.Admin] },
        { "GET", "/support/export.csv?view=open", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/api/v1/recommendations/u-1", [] },
        { "POST", "/api/v1/recommendations/feedback", [] },
        { "GET", "/support/sla", [Roles.Manager, Roles.Admin] },
        { "POST", "/api/v1/tickets", [] },
        { "GET", "/api/v1/tickets?learnerId=u-1", [] },
        { "GET", "/api/v1/tickets/1", [] },
        { "POST", "/api/v1/tickets/1/messages", [] },
        { "POST", "/api/v1/tickets/1/solved", [] },
        { "POST", "/api/v1/tickets/1/csat", [] },
        { "GET", "/support/model", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/support/knowledge", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/support/canned", [Roles.SupportAgent, Roles.Manager, Roles.Admin] },
        { "GET", "/support/automation", [Roles.Manager, Roles.Admin] },
        { "GET", "/experiments", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/experiments/new", [Roles.Manager, Roles.Admin] },
        { "GET", "/experiments/renewal-reminder", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/api/v1/experiments", [] },
        { "GET", "/api/v1/experiments/renewal-reminder/assignment/u-1", [] },
        { "GET", "/retention/alerts", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/retention/alerts/1", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/retention/alerts/export.csv?status=all", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/retention/alerts/settings", [Roles.Manager, Roles.Admin] },
        { "GET", "/retention/model", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/retention/renewals", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/retention/renewals/expiring/export.csv?days=30", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/retention/renewals/cohorts/export.csv", [Roles.Operator, Roles.Manager, Roles.Admin] },
        { "GET", "/retention/renewals/failed/export.csv", [Roles.Operator, Roles.Manager, Roles.Admin] },
    };

    [Theory, MemberData(nameof(Surface))]
    public async Task Request_EachRoleAndAnonymous_GetsOnlyWhatTheRoleMayOpen(string method, string path, string[] allowed)
    {
        foreach (var (who, client) in _clients)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method != "GET")
            {
                request.Content = new StringContent("[]", System.Text.Encoding.UTF8, "application/json");
            }
            var response = await client.SendAsync(request, Ct);

            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.OriginalString ?? "";
            if (allowed.Contains(who))
            {
                Assert.True(status == 200, $"{who} {method} {path}: expected 200, got {status} {location}");
            }
            else if (who == Anonymous && method == "GET" && !path.StartsWith("/openapi"))
            {
                Assert.True(status is 302 or 401 && (status == 401 || location.Contains("/login")), $"anonymous {path}: got {status} {location}");
            }
            else
            {
                // Console users lack an API key (401 from the API), or lack the role (403, or a redirect to access-denied for pages).
                Assert.True(status is 401 or 403 || (status == 302 && location.Contains("/access-denied")), $"{who} {method} {path}: got {status} {location}");
            }
        }
    }

    [Fact]
    public async Task Health_Anonymous_ReportsHealthyWithoutDetails()
    {
        var response = await _clients[Anonymous].GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task OpenApi_SignedIn_DescribesTheIngestionEndpointsAndTheirBodies()
    {
        var json = JsonDocument.Parse(await _clients[Roles.Operator].GetStringAsync("/openapi/v1.json", Ct)).RootElement;

        var paths = json.GetProperty("paths");
        var events = paths.GetProperty("/api/v1/events").GetProperty("post");
        Assert.True(events.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/x-ndjson", out _));
        Assert.True(events.GetProperty("responses").TryGetProperty("413", out _));
        Assert.True(paths.TryGetProperty("/api/v1/learners/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/catalog/{id}", out _));
        Assert.True(paths.GetProperty("/api/v1/experiments/{key}/assignment/{learnerId}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(paths.TryGetProperty("/api/v1/experiments", out _));
        Assert.False(paths.TryGetProperty("/account/login", out _));
    }
}

/// <summary>One app and one signed-in client per role, shared by the whole matrix.</summary>
public sealed class SignedInClients : IAsyncLifetime
{
    public const string Anonymous = "anonymous";
    private TestDatabase _db = null!;
    private OpsConsoleApp _app = null!;

    public Dictionary<string, HttpClient> Clients { get; } = [];

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _app = new OpsConsoleApp(_db);
        Clients[Anonymous] = _app.CreateRawClient(new CookieContainer());
        foreach (var role in Roles.All)
        {
            Clients[role] = (await _app.SignInAsync(role)).Client;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }
}
