using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;

namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>
/// The real web app on Kestrel at a free loopback port, over a test database: requests cross a real socket
/// and the whole pipeline (authentication, rate limiting, antiforgery, SignalR).
/// </summary>
public sealed partial class OpsConsoleApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public OpsConsoleApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Database = database;
        _settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Demo:Enabled"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // Tests call the API in tight loops and from many tasks; the per-key limits are the subject of their own tests,
        // which set them back.
        foreach (var scope in OpsConsole.Web.Access.ApiRateLimits.Scopes)
        {
            _settings[$"ApiRateLimits:{scope}:RequestsPerSecond"] = "100000";
            _settings[$"ApiRateLimits:{scope}:Burst"] = "100000";
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel(0);
    }

    public const string TestPassword = "Correct-Horse-9";

    public TestDatabase Database { get; }

    /// <summary>Services a test adds to the app's own (a log sink, say), registered after the app's.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Serve package assets (MudBlazor) from their NuGet folders, as `dotnet run` does, without publishing.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (TestServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    /// <summary>A plain client: no cookies, no redirects followed, so tests see exactly what the server answered.</summary>
    /// <summary>A SignalR connection to the console hub over WebSockets, signed in by <paramref name="cookies"/>; not started.</summary>
    public HubConnection ConnectHub(CookieContainer cookies) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/ops"), o =>
            {
                o.Cookies = cookies;
                o.Transports = HttpTransportType.WebSockets;
            })
            .Build();

    public HttpClient CreateRawClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };

    public async Task<string> CreateApiKeyAsync(ApiScopes scopes = ApiScopes.Ingest, string name = "test-backend")
    {
        StartServer();
        var created = await Services.GetRequiredService<ApiKeyService>().CreateAsync(name, scopes, "tests");
        return created.Secret;
    }

    /// <summary>A client holding a fresh key with the ingest scope.</summary>
    public async Task<HttpClient> CreateIngestClientAsync() => CreateApiClient(await CreateApiKeyAsync());

    /// <summary>
    /// Runs the profile rebuild, which also keeps the path steps and activity periods that paths and retention read
    /// (in the app: the nightly job, and the updater a few seconds after events arrive).
    /// </summary>
    public Task RebuildLearnerHistoryAsync() => Services.GetRequiredService<OpsConsole.Profiles.ProfileService>().RebuildAsync(null, TestContext.Current.CancellationToken);

    public HttpClient CreateApiClient(string apiKey)
    {
        var client = CreateRawClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>Creates a user in <paramref name="role"/> and signs in through the real sign-in form, antiforgery token and all.</summary>
    public async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync(string role, string? email = null)
    {
        StartServer();
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@tests.local";
        const string password = TestPassword;
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().CreateAsync(email, role, password);
        }
        var cookies = new CookieContainer();
        var client = CreateRawClient(cookies);
        var response = await SubmitLoginAsync(client, email, password);
        // Agents land on their queue: the overview is not theirs.
        var landing = role == Roles.SupportAgent ? "/support" : "/";
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != landing)
        {
            throw new InvalidOperationException($"Sign-in as {role} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }
        return (client, cookies);
    }

    public static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient client, string email, string password, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/login");
        var token = AntiforgeryField().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        }
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
