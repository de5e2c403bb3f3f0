using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace OpsConsole.Web.Hosting;

/// <summary>What several instances of the console behind one load balancer share besides the database.</summary>
public sealed class ScaleOutOptions : IValidatableObject
{
    public const string Section = "ScaleOut";

    /// <summary>The key this setting had when only the SignalR backplane used Redis; still read when the new one is empty.</summary>
    public const string LegacyRedisKey = "SignalR:RedisConnectionString";

    /// <summary>
    /// Redis (StackExchange.Redis syntax, e.g. <c>redis.internal:6379,password=…</c>) carrying SignalR pushes between
    /// instances and holding the data-protection key ring they all sign cookies and antiforgery tokens with. Empty: one
    /// instance, nothing shared.
    /// </summary>
    public string RedisConnectionString { get; set; } = "";

    /// <summary>The value under <see cref="LegacyRedisKey"/>, kept to tell a conflict from a rename.</summary>
    public string LegacyRedisConnectionString { get; set; } = "";

    /// <summary>The connection string in force: the new key, or the old one while a deployment still sets only that.</summary>
    public string? Redis =>
        !string.IsNullOrWhiteSpace(RedisConnectionString) ? RedisConnectionString
        : !string.IsNullOrWhiteSpace(LegacyRedisConnectionString) ? LegacyRedisConnectionString
        : null;

    /// <summary>Bound straight from configuration, for the registrations that must be decided before the host is built.</summary>
    public static ScaleOutOptions Read(IConfiguration configuration)
    {
        var options = new ScaleOutOptions();
        Bind(options, configuration);
        return options;
    }

    internal static void Bind(ScaleOutOptions options, IConfiguration configuration)
    {
        configuration.GetSection(Section).Bind(options);
        options.LegacyRedisConnectionString = configuration[LegacyRedisKey] ?? "";
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(RedisConnectionString) && !string.IsNullOrWhiteSpace(LegacyRedisConnectionString)
            && !string.Equals(RedisConnectionString.Trim(), LegacyRedisConnectionString.Trim(), StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(RedisConnectionString)} and {LegacyRedisKey} name different Redis servers; set only {Section}:{nameof(RedisConnectionString)}.",
                [nameof(RedisConnectionString)]);
        }
        if (Redis is { } redis && Problem(redis) is { } problem)
        {
            yield return new ValidationResult($"{Section}:{nameof(RedisConnectionString)} '{redis}' is not a Redis connection string: {problem}",
                [nameof(RedisConnectionString)]);
        }
    }

    private static string? Problem(string connectionString)
    {
        try
        {
            return ConfigurationOptions.Parse(connectionString).EndPoints.Count == 0 ? "it names no server (host:port)." : null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
