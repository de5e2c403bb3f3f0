using System.Net;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.IntegrationTests.Api;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Web.Live;

namespace OpsConsole.IntegrationTests.Access;

/// <summary>
/// The authorization matrix, read from the app's own route table: every endpoint the app maps (pages, exports, the API,
/// hubs, framework endpoints) must be listed below with who may reach it, so a new endpoint fails this test until
/// someone decides its audience; then each is requested over real HTTP as anonymous, as each role, and with an API key
/// of each scope. The hub's methods are enumerated the same way and invoked over real SignalR connections.
/// </summary>
public sealed class RouteTableAuthorizationTests(SignedInClients signedIn) : IClassFixture<SignedInClients>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Who may reach an endpoint: console roles (by cookie), API scopes (by key), or anyone.</summary>
    public sealed record Audience(string[] Roles, ApiScopes Scopes = ApiScopes.None, bool Anyone = false, string? Path = null)
    {
        public Audience At(string path) => this with { Path = path };
    }

    private static readonly string[] AnalystRoles = [Roles.Operator, Roles.Manager, Roles.Admin];
    private static readonly string[] SupportRoles = [Roles.SupportAgent, Roles.Manager, Roles.Admin];
    private static readonly Audience Analysts = new(AnalystRoles);
    private static readonly Audience Support = new(SupportRoles);
    private static readonly Audience Managers = new([Roles.Manager, Roles.Admin]);
    private static readonly Audience Admins = new([Roles.Admin]);
    private static readonly Audience SignedIn = new(Roles.All.ToArray());
    private static readonly Audience Anyone = new([], Anyone: true);
    private static Audience Scope(ApiScopes scope) => new([], scope);

    /// <summary>
    /// Endpoints the framework maps for Blazor circuits, static files and the API reference's own scripts (mapped once the
    /// reference is first opened); listed so a new one is noticed, not requested.
    /// </summary>
    private static readonly HashSet<string> Framework =
    [
        "* /_blazor", "* /_blazor/disconnect/", "* /_blazor/initializers/", "* /_blazor/negotiate", "GET /_framework/opaque-redirect", "GET,HEAD {**path:file}",
        "GET /api-docs/favicon.svg", "GET /api-docs/scalar.aspnetcore.js", "GET /api-docs/scalar.js",
    ];

    /// <summary>Every endpoint of the app, by its methods and route pattern, with its audience (and a concrete path where the pattern has parameters).</summary>
    private static readonly Dictionary<string, Audience> Expected = new()
    {
        ["* /health"] = Anyone,
        // Outside the console's sign-in for scrapers, but answered only to the configured networks (loopback by default, as here).
        ["* /metrics"] = Anyone,
        ["GET /openapi/{documentName}.json"] = SignedIn.At("/openapi/v1.json"),
        ["GET /api-docs/{documentName?}"] = SignedIn.At("/api-docs/"),
        ["* /jobs/{**path}"] = Admins.At("/jobs"),
        ["* /hubs/ops"] = SignedIn,
        ["* /hubs/ops/negotiate"] = SignedIn.At("/hubs/ops/negotiate?negotiateVersion=1"),
        ["POST /account/login"] = Anyone,
        ["POST /account/logout"] = SignedIn,
        ["GET /culture/set"] = Anyone.At("/culture/set?culture=en&redirectUri=/"),
        ["GET,POST /login"] = Anyone,
        ["GET,POST /access-denied"] = SignedIn,
        ["GET,POST /not-found"] = SignedIn,

        ["GET,POST /"] = Analysts,
        ["GET,POST /learners"] = Analysts,
        ["GET,POST /learners/{Id}"] = new Audience([.. AnalystRoles, Roles.SupportAgent]).At("/learners/u-1"),
        ["GET /learners/export.csv"] = Analysts,
        ["GET,POST /segments"] = Analysts,
        ["GET,POST /segments/new"] = Analysts,
        ["GET,POST /segments/{Id:int}"] = Analysts.At("/segments/1"),
        ["GET /segments/{id:int}/export.csv"] = Analysts.At("/segments/1/export.csv"),
        ["GET,POST /analytics/retention"] = Analysts,
        ["GET,POST /analytics/funnels"] = Analysts,
        ["GET,POST /analytics/paths"] = Analysts,
        ["GET,POST /analytics/lifecycle"] = Analysts,
        ["GET,POST /analytics/compass"] = Analysts,
        ["GET /analytics/retention/export.csv"] = Analysts.At("/analytics/retention/export.csv?from=2026-01-05&to=2026-02-02"),
        ["GET /analytics/funnels/export.csv"] = Analysts.At("/analytics/funnels/export.csv?steps=view,purchase&from=2026-01-01&to=2026-02-01"),
        ["GET /analytics/paths/export.csv"] = Analysts.At("/analytics/paths/export.csv?event=view&from=2026-01-01&to=2026-02-01"),
        ["GET /analytics/lifecycle/export.csv"] = Analysts.At("/analytics/lifecycle/export.csv?from=2026-01-01&to=2026-02-01"),
        ["GET /analytics/stickiness/export.csv"] = Analysts.At("/analytics/stickiness/export.csv?from=2026-01-01&to=2026-02-01"),
        ["GET /analytics/compass/export.csv"] = Analysts.At("/analytics/compass/export.csv?from=2026-01-01&to=2026-02-01"),
        ["GET,POST /recommendations"] = Analysts,
        ["GET,POST /recommendations/online"] = Analysts,
        ["GET,POST /recommendations/preview"] = Analysts,
        ["GET /recommendations/metrics/export.csv"] = Analysts,
        ["GET /recommendations/online/export.csv"] = Analysts,
        ["GET /recommendations/versions/export.csv"] = Analysts,
        ["GET,POST /experiments"] = Analysts,
        ["GET,POST /experiments/new"] = Managers,
        ["GET,POST /experiments/{Key}"] = Analysts.At("/experiments/renewal-reminder"),
        ["GET /experiments/{key}/results/export.csv"] = Analysts.At("/experiments/renewal-reminder/results/export.csv"),
        ["GET,POST /retention/alerts"] = Analysts,
        ["GET,POST /retention/alerts/{Id:long}"] = Analysts.At("/retention/alerts/1"),
        ["GET,POST /retention/alerts/settings"] = Managers,
        ["GET /retention/alerts/export.csv"] = Analysts.At("/retention/alerts/export.csv?status=all"),
        ["GET,POST /retention/model"] = Analysts,
        ["GET,POST /retention/renewals"] = Analysts,
        ["GET /retention/renewals/{table}/export.csv"] = Analysts.At("/retention/renewals/expiring/export.csv?days=30"),
        ["GET,POST /support"] = Support,
        ["GET,POST /support/tickets/{Id:long}"] = Support.At("/support/tickets/1"),
        ["GET,POST /support/agents"] = Support,
        ["GET,POST /support/knowledge"] = Support,
        ["GET,POST /support/canned"] = Support,
        ["GET,POST /support/model"] = Support,
        ["GET,POST /support/reports"] = Support,
        ["GET,POST /support/routing"] = Managers,
        ["GET,POST /support/sla"] = Managers,
        ["GET,POST /support/automation"] = Managers,
        ["GET /support/export.csv"] = Support,
        ["GET /support/reports/{table}/export.csv"] = Support.At("/support/reports/times/export.csv"),
        ["GET,POST /admin/users"] = Admins,
        ["GET,POST /admin/api-keys"] = Admins,
        ["GET,POST /admin/quarantine"] = Admins,
        ["GET /admin/quarantine/export"] = Admins,
        ["GET,POST /admin/audit"] = Admins,
        ["GET /admin/audit/export.csv"] = Admins,
        ["GET /admin/learners/{id}/export.json"] = Admins.At("/admin/learners/u-1/export.json"),

        ["POST /api/v1/events"] = Scope(ApiScopes.Ingest),
        ["PUT /api/v1/learners/{id}"] = Scope(ApiScopes.Ingest).At("/api/v1/learners/u-1"),
        ["PUT /api/v1/catalog/{id}"] = Scope(ApiScopes.Ingest).At("/api/v1/catalog/c-1"),
        ["GET /api/v1/learners/{id}/profile"] = Scope(ApiScopes.Analytics).At("/api/v1/learners/u-1/profile"),
        ["GET /api/v1/analytics/retention"] = Scope(ApiScopes.Analytics).At("/api/v1/analytics/retention?from=2026-01-05&to=2026-02-02"),
        ["GET /api/v1/analytics/funnel"] = Scope(ApiScopes.Analytics).At("/api/v1/analytics/funnel?steps=view,purchase&from=2026-01-01&to=2026-02-01"),
        ["GET /api/v1/analytics/paths"] = Scope(ApiScopes.Analytics).At("/api/v1/analytics/paths?event=view&from=2026-01-01&to=2026-02-01"),
        ["GET /api/v1/analytics/lifecycle"] = Scope(ApiScopes.Analytics).At("/api/v1/analytics/lifecycle?from=2026-01-01&to=2026-02-01"),
        ["GET /api/v1/analytics/stickiness"] = Scope(ApiScopes.Analytics).At("/api/v1/analytics/stickiness?from=2026-01-01&to=2026-02-01"),
        ["GET /api/v1/analytics/compass"] = Scope(ApiScopes.Analytics).At("/api/v1/analytics/compass?from=2026-01-01&to=2026-02-01"),
        ["GET /api/v1/recommendations/{learnerId}"] = Scope(ApiScopes.Recommend).At("/api/v1/recommendations/u-1"),
        ["POST /api/v1/recommendations/feedback"] = Scope(ApiScopes.Recommend),
        ["GET /api/v1/tickets/"] = Scope(ApiScopes.Tickets),
        ["POST /api/v1/tickets/"] = Scope(ApiScopes.Tickets),
        ["GET /api/v1/tickets/{id:long}"] = Scope(ApiScopes.Tickets).At("/api/v1/tickets/1"),
        ["POST /api/v1/tickets/{id:long}/messages"] = Scope(ApiScopes.Tickets).At("/api/v1/tickets/1/messages"),
        ["POST /api/v1/tickets/{id:long}/solved"] = Scope(ApiScopes.Tickets).At("/api/v1/tickets/1/solved"),
        ["POST /api/v1/tickets/{id:long}/csat"] = Scope(ApiScopes.Tickets).At("/api/v1/tickets/1/csat"),
        ["GET /api/v1/experiments/"] = Scope(ApiScopes.Experiments),
        ["GET /api/v1/experiments/{key}/assignment/{learnerId}"] = Scope(ApiScopes.Experiments).At("/api/v1/experiments/renewal-reminder/assignment/u-1"),
    };

    /// <summary>The hub's methods and who may call them (anyone signed in may connect).</summary>
    private static readonly Dictionary<string, (string[] Roles, object?[] Arguments)> HubMethods = new()
    {
        [nameof(OpsHub.Ping)] = (Roles.All.ToArray(), [42L]),
        [nameof(OpsHub.WatchLearner)] = (Roles.All.ToArray(), ["u-1"]),
        [nameof(OpsHub.UnwatchLearner)] = (Roles.All.ToArray(), ["u-1"]),
        [nameof(OpsHub.WatchTicket)] = (SupportRoles, [1L]),
        [nameof(OpsHub.UnwatchTicket)] = (Roles.All.ToArray(), [1L]),
        [nameof(OpsHub.SetReplying)] = (SupportRoles, [1L, true]),
    };

    private static string Key(RouteEndpoint endpoint) =>
        $"{string.Join(",", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])} {endpoint.RoutePattern.RawText}";

    [Fact]
    public void RouteTable_EveryEndpoint_HasADecidedAudience()
    {
        var mapped = signedIn.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // Files of the build (scripts, styles, fonts) are public by design and listed by the build, not by hand.
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .Select(Key).ToHashSet();

        Assert.Equal([], mapped.Except(Expected.Keys).Except(Framework).Order());
        Assert.Equal([], Expected.Keys.Except(mapped).Order());
    }

    public static TheoryData<string> Endpoints => [.. Expected.Keys.Order()];

    [Theory, MemberData(nameof(Endpoints))]
    public async Task Request_AnonymousEachRoleAndEachScope_ReachesOnlyTheDecidedAudience(string endpoint)
    {
        var audience = Expected[endpoint];
        var methods = endpoint.Split(' ')[0];
        var method = methods == "*" ? (endpoint.Contains("negotiate") ? "POST" : "GET") : methods.Split(',')[0];
        var path = audience.Path ?? endpoint.Split(' ', 2)[1];

        var callers = signedIn.Clients.Select(c => (Who: c.Key, c.Value, Allowed: c.Key == SignedInClients.Anonymous ? audience.Anyone : audience.Anyone || audience.Roles.Contains(c.Key)))
            .Concat(signedIn.ScopeClients.Select(c => (Who: $"key:{c.Key}", c.Value, Allowed: audience.Anyone || audience.Scopes.HasFlag(c.Key) && audience.Scopes != ApiScopes.None)));
        foreach (var (who, client, allowed) in callers)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                // The sign-in and sign-out endpoints take forms; the rest JSON. An empty body: nothing here may change state.
                request.Content = path.StartsWith("/account/")
                    ? new FormUrlEncodedContent([])
                    : new StringContent("[]", System.Text.Encoding.UTF8, "application/json");
            }
            var response = await client.SendAsync(request, Ct);

            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.OriginalString ?? "";
            var refused = status is 401 or 403 || (status == 302 && (location.Contains("/login") || location.Contains("/access-denied")));
            Assert.True(allowed != refused, $"{who} {method} {path}: {(allowed ? "expected to get through" : "expected to be refused")}, got {status} {location}");
            // 503 is an answer, not a fault: the recommender says so until its first model is trained.
            Assert.True(status < 500 || status == 503, $"{who} {method} {path}: got {status}");
        }
    }

    [Fact]
    public void HubMethods_EveryPublicMethod_HasADecidedAudience()
    {
        var methods = typeof(OpsHub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync)))
            .Select(m => m.Name).ToHashSet();

        Assert.Equal(HubMethods.Keys.Order(), methods.Order());
    }

    [Fact]
    public async Task HubMethods_EachRole_MayCallOnlyWhatItsRoleAllows()
    {
        foreach (var role in Roles.All)
        {
            await using var hub = signedIn.App.ConnectHub(signedIn.Cookies[role]);
            await hub.StartAsync(Ct);
            foreach (var (method, (roles, arguments)) in HubMethods)
            {
                var error = await Record.ExceptionAsync(() => hub.InvokeCoreAsync(method, arguments, Ct));
                if (roles.Contains(role))
                {
                    Assert.True(error is null, $"{role} {method}: {error?.Message}");
                }
                else
                {
                    Assert.True(error is HubException, $"{role} {method}: expected a refusal, got {error?.GetType().Name ?? "success"}");
                }
            }
        }
    }

    [Fact]
    public async Task Hub_Anonymous_CannotConnect()
    {
        var response = await signedIn.Clients[SignedInClients.Anonymous].PostAsync("/hubs/ops/negotiate?negotiateVersion=1", null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
