using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>
/// Settings managers change in the console, stored as JSON in <see cref="SupportSetting"/> rows. Routing rules are
/// read on every ticket, so they are cached: dropped when saved here, and re-read after <see cref="RulesCacheTime"/> so
/// a change saved on another instance applies there too.
/// </summary>
public sealed class DeskSettings(IDbContextFactory<OpsDbContext> contexts, TimeProvider clock)
{
    public const string RoutingRulesKey = "routing-rules";

    public static readonly TimeSpan RulesCacheTime = TimeSpan.FromSeconds(30);

    private volatile CachedRules? _rules;

    private sealed record CachedRules(RoutingRuleSet Rules, DateTimeOffset LoadedAt);

    public async Task<RoutingRuleSet> RoutingRulesAsync(CancellationToken cancellationToken = default)
    {
        if (_rules is { } cached && clock.GetUtcNow() - cached.LoadedAt < RulesCacheTime)
        {
            return cached.Rules;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SupportSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == RoutingRulesKey, cancellationToken);
        // Stored rules were validated when saved; should they no longer read (a field renamed since), route without
        // rules rather than stop taking tickets.
        var rules = row is null ? RoutingRuleSet.Empty : RoutingRuleSet.Parse(row.Value).Rules ?? RoutingRuleSet.Empty;
        _rules = new CachedRules(rules, clock.GetUtcNow());
        return rules;
    }

    public async Task<(string Json, DateTime? UpdatedAt, string? UpdatedBy)> RoutingRulesJsonAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SupportSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == RoutingRulesKey, cancellationToken);
        return row is null ? (RoutingRuleSet.Empty.ToJson(), null, null) : (row.Value, row.UpdatedAt, row.UpdatedBy);
    }

    /// <summary>Validates and saves the rules; every problem is returned at once and nothing is saved if there is one.</summary>
    public async Task<IReadOnlyList<RuleError>> SaveRoutingRulesAsync(string json, string changedBy, CancellationToken cancellationToken = default)
    {
        var (rules, errors) = RoutingRuleSet.Parse(json);
        if (errors.Count > 0)
        {
            return errors;
        }
        await SaveAsync(RoutingRulesKey, rules!.ToJson(), changedBy, cancellationToken);
        return [];
    }

    /// <summary>A stored setting, or null when managers never saved one.</summary>
    public async Task<SupportSetting?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SupportSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
    }

    public async Task RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.SupportSettings.Where(s => s.Key == key).ExecuteDeleteAsync(cancellationToken);
        if (key == RoutingRulesKey)
        {
            _rules = null;
        }
    }

    public async Task SaveAsync(string key, string value, string changedBy, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SupportSettings.FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (row is null)
        {
            row = new SupportSetting { Key = key, Value = value };
            db.SupportSettings.Add(row);
        }
        row.Value = value;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = changedBy;
        await db.SaveChangesAsync(cancellationToken);
        if (key == RoutingRulesKey)
        {
            _rules = null;
        }
    }
}
