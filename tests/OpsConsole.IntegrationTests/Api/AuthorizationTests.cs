using System.Net;
using System.Text.Json;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Api;

/// <summary>What anyone may see without signing in, and what the API describes; who may reach what is <c>RouteTableAuthorizationTests</c>.</summary>
public sealed class AuthorizationTests(SignedInClients signedIn) : IClassFixture<SignedInClients>
{
    private const string Anonymous = SignedInClients.Anonymous;
    private readonly Dictionary<string, HttpClient> _clients = signedIn.Clients;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    public OpsConsoleApp App => _app;

    /// <summary>Anonymous and one signed-in console user per role.</summary>
    public Dictionary<string, HttpClient> Clients { get; } = [];

    /// <summary>Each role's sign-in cookies, for hub connections.</summary>
    public Dictionary<string, CookieContainer> Cookies { get; } = [];

    /// <summary>One API client per scope, each holding a key with that scope alone.</summary>
    public Dictionary<ApiScopes, HttpClient> ScopeClients { get; } = [];

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _app = new OpsConsoleApp(_db);
        Clients[Anonymous] = _app.CreateRawClient(new CookieContainer());
        foreach (var role in Roles.All)
        {
            (Clients[role], Cookies[role]) = await _app.SignInAsync(role);
        }
        foreach (var scope in Enum.GetValues<ApiScopes>().Where(s => s != ApiScopes.None))
        {
            ScopeClients[scope] = _app.CreateApiClient(await _app.CreateApiKeyAsync(scope, $"scope-{scope}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }
}
