using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;

namespace OpsConsole.Support;

/// <summary>
/// The SLA policies in force: what managers saved in the console, else the configured <c>Support:Sla</c> section.
/// Read on every ticket, so cached, and re-read after <see cref="CacheTime"/> so a change saved on another instance
/// applies there too.
/// </summary>
public sealed class SlaPolicies(IOptions<SlaOptions> configured, DeskSettings settings, PlatformTime time, TimeProvider clock)
{
    public const string SettingKey = "sla";
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private volatile Loaded? _loaded;

    /// <summary>The effective policies and where they came from.</summary>
    public sealed record Loaded(SlaOptions Options, SlaClock Clock, bool Stored, DateTime? UpdatedAt, string? UpdatedBy, DateTimeOffset LoadedAt);

    /// <summary>The clock last loaded (the configured one before the first load); for callers that cannot wait.</summary>
    public SlaClock Current => _loaded?.Clock ?? configured.Value.CreateClock(time.Zone);

    public async Task<SlaClock> ClockAsync(CancellationToken cancellationToken = default) => (await LoadAsync(cancellationToken)).Clock;

    public async Task<Loaded> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded is { } cached && clock.GetUtcNow() - cached.LoadedAt < CacheTime)
        {
            return cached;
        }
        var row = await settings.FindAsync(SettingKey, cancellationToken);
        var stored = row is null ? null : Read(row.Value);
        // A stored policy that no longer validates (a zone removed from the system) falls back to the configured one.
        var options = stored is not null && Validate(stored).Count == 0 ? stored : configured.Value;
        var loaded = new Loaded(options, options.CreateClock(time.Zone), ReferenceEquals(options, stored), row?.UpdatedAt, row?.UpdatedBy, clock.GetUtcNow());
        _loaded = loaded;
        return loaded;
    }

    /// <summary>Validates and saves; returns every problem (nothing is saved if there is one).</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(SlaOptions options, string changedBy, CancellationToken cancellationToken = default)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            return errors;
        }
        await settings.SaveAsync(SettingKey, JsonSerializer.Serialize(options, Json), changedBy, cancellationToken);
        _loaded = null;
        return [];
    }

    /// <summary>Forgets what managers saved: the configured policies apply again.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await settings.RemoveAsync(SettingKey, cancellationToken);
        _loaded = null;
    }

    public static IReadOnlyList<string> Validate(SlaOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "invalid").Distinct().ToList();
    }

    private static SlaOptions? Read(string json)
    {
        try
        {
            var options = JsonSerializer.Deserialize<SlaOptions>(json, Json);
            if (options is null)
            {
                return null;
            }
            // Deserialising replaces the dictionaries, losing their case-insensitive comparers.
            options.BusinessHours = new Dictionary<string, string>(options.BusinessHours, StringComparer.OrdinalIgnoreCase);
            options.Policies = new Dictionary<string, SlaTargetOptions>(options.Policies, StringComparer.OrdinalIgnoreCase);
            return options;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
