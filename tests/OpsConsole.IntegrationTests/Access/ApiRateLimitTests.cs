using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Web.Access;

namespace OpsConsole.IntegrationTests.Access;

/// <summary>
/// Per-key rate limits, checked against every scoped endpoint the app's route table holds, so an endpoint added under a
/// scope cannot escape its bucket.
/// </summary>
public sealed partial class ApiRateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every bucket holds one request and refills one a second: the second quick request must be refused.</summary>
    private static Dictionary<string, string?> OneRequestPerSecond() => ApiRateLimits.Scopes.SelectMany(s => new[]
    {
        new KeyValuePair<string, string?>($"{ApiRateLimitOptions.Section}:{s}:RequestsPerSecond", "1"),
        new KeyValuePair<string, string?>($"{ApiRateLimitOptions.Section}:{s}:Burst", "1"),
    }).ToDictionary();

    [Fact]
    public async Task ScopedEndpoints_EveryOneInTheRouteTable_Answers429WithRetryAfterOverTheKeysBucket()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, OneRequestPerSecond());
        var scoped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Scope: ScopeOf(e))).Where(e => e.Scope is not null).ToList();
        Assert.True(scoped.Count >= 20, $"expected the whole API in the route table, found {scoped.Count} scoped endpoints");

        foreach (var (endpoint, scope) in scoped)
        {
            // A fresh key per endpoint: each starts with a full bucket, so the refusal is this endpoint's own.
            using var client = app.CreateApiClient(await app.CreateApiKeyAsync(scope!.Value, $"limit-{endpoint.RoutePattern.RawText}"));
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods[0];
            var path = Concrete(endpoint.RoutePattern.RawText!);

            HttpResponseMessage? refused = null;
            for (var attempt = 0; attempt < 5 && refused is null; attempt++)
            {
                var response = await client.SendAsync(Request(method, path), Ct);
                Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path}: got {(int)response.StatusCode}");
                refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
            }

            Assert.True(refused is not null, $"{method} {path} ({scope}) was never limited");
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{method} {path}: no Retry-After");
            var problem = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Too many requests", problem);
            Assert.Contains(scope.Value.ToString().ToLowerInvariant(), problem);
        }
    }

    [Fact]
    public async Task Bucket_OneKeyExhaustsItsIngestBucket_ItsOtherScopesAndOtherKeysStillGetThrough()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, OneRequestPerSecond());
        using var noisy = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Ingest | ApiScopes.Tickets, "noisy"));
        using var quiet = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Ingest, "quiet"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            statuses.Add((await noisy.SendAsync(Request("POST", "/api/v1/events"), Ct)).StatusCode);
        }
        var noisyTickets = await noisy.GetAsync("/api/v1/tickets/?learnerId=u-1", Ct);
        var quietEvents = await quiet.SendAsync(Request("POST", "/api/v1/events"), Ct);

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, noisyTickets.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, quietEvents.StatusCode);
        Assert.True(quietEvents.IsSuccessStatusCode || (int)quietEvents.StatusCode is 400, $"got {(int)quietEvents.StatusCode}");
    }

    [Fact]
    public void Options_BurstBelowRate_FailsStartWithTheKeyNamed()
    {
        var options = new ApiRateLimitOptions { Tickets = new ApiRateLimit { RequestsPerSecond = 10, Burst = 5 } };

        var problem = Assert.Single(options.Problems());

        Assert.Contains("ApiRateLimits:Tickets:Burst", problem);
    }

    private static ApiScopes? ScopeOf(RouteEndpoint endpoint)
    {
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
        return ApiRateLimits.Scopes.Where(s => policies.Contains(Policies.Scope(s))).Select(s => (ApiScopes?)s).FirstOrDefault();
    }

    private static string Concrete(string pattern) => RouteParameter().Replace(pattern, m => m.Value.Contains(":long") ? "1" : "u-1");

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" or "PUT" ? new StringContent("[]", System.Text.Encoding.UTF8, "application/json") : null,
    };

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
