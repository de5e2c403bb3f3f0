using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpsConsole.Access;

namespace OpsConsole.Web.Access;

/// <summary>A token bucket: a steady rate and how far above it a caller may burst.</summary>
public sealed class ApiRateLimit
{
    public int RequestsPerSecond { get; set; }

    public int Burst { get; set; }
}

/// <summary>Per-key limits for each API scope. Every endpoint that requires a scope is limited by that scope's bucket.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "ApiRateLimits";

    public ApiRateLimit Ingest { get; set; } = new() { RequestsPerSecond = 50, Burst = 100 };

    public ApiRateLimit Analytics { get; set; } = new() { RequestsPerSecond = 10, Burst = 20 };

    public ApiRateLimit Recommend { get; set; } = new() { RequestsPerSecond = 500, Burst = 1000 };

    public ApiRateLimit Tickets { get; set; } = new() { RequestsPerSecond = 20, Burst = 40 };

    public ApiRateLimit Experiments { get; set; } = new() { RequestsPerSecond = 500, Burst = 1000 };

    public ApiRateLimit For(ApiScopes scope) => scope switch
    {
        ApiScopes.Ingest => Ingest,
        ApiScopes.Analytics => Analytics,
        ApiScopes.Recommend => Recommend,
        ApiScopes.Tickets => Tickets,
        ApiScopes.Experiments => Experiments,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a single API scope."),
    };

    public IEnumerable<string> Problems()
    {
        foreach (var scope in ApiRateLimits.Scopes)
        {
            var limit = For(scope);
            if (limit.RequestsPerSecond is < 1 or > 100_000)
            {
                yield return $"{Section}:{scope}:RequestsPerSecond must be between 1 and 100000; got {limit.RequestsPerSecond}.";
            }
            if (limit.Burst < limit.RequestsPerSecond || limit.Burst > 1_000_000)
            {
                yield return $"{Section}:{scope}:Burst must be at least RequestsPerSecond ({limit.RequestsPerSecond}) and at most 1000000; got {limit.Burst}.";
            }
        }
    }
}

/// <summary>
/// Rate limits per API key, read from each endpoint's own scope requirement rather than opted into endpoint by endpoint,
/// so an endpoint added under a scope is limited from its first request. Each key has one bucket per scope: a burst of
/// ingestion never starves the same key's recommendation calls.
/// </summary>
public static class ApiRateLimits
{
    public static readonly IReadOnlyList<ApiScopes> Scopes = Enum.GetValues<ApiScopes>().Where(s => s != ApiScopes.None).ToArray();

    private static readonly ConcurrentDictionary<string, ApiScopes?> ScopeByPolicy = new(StringComparer.Ordinal);

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiRateLimitOptions>, ProblemsValidator>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            o.OnRejected = async (ctx, _) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    ctx.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                var scope = ScopeOf(ctx.HttpContext)?.ToString().ToLowerInvariant();
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"This API key is calling the {scope} endpoints faster than its rate limit; retry after the time in the Retry-After header.")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    /// <summary>The scope an endpoint requires, from its authorization metadata; null for pages, exports and anything unscoped.</summary>
    public static ApiScopes? ScopeOf(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>() is not { Count: > 0 } authorize)
        {
            return null;
        }
        foreach (var data in authorize)
        {
            if (data.Policy is { } policy && ScopeByPolicy.GetOrAdd(policy, FindScope) is { } scope)
            {
                return scope;
            }
        }
        return null;
    }

    private static ApiScopes? FindScope(string policy) =>
        Scopes.Where(s => Policies.Scope(s) == policy).Select(s => (ApiScopes?)s).FirstOrDefault();

    private static RateLimitPartition<string> Partition(HttpContext http)
    {
        if (ScopeOf(http) is not { } scope)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }
        // Authorization has already run, so an unauthenticated caller never gets here; the key id is stable across
        // renames, unlike the presented secret, and is never logged with it.
        var caller = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value ?? http.User.Identity?.Name ?? string.Empty;
        var limit = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value.For(scope);
        return RateLimitPartition.GetTokenBucketLimiter($"{scope}:{caller}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = limit.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private sealed class ProblemsValidator : IValidateOptions<ApiRateLimitOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiRateLimitOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
