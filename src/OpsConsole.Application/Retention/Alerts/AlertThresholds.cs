using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Data;

namespace OpsConsole.Retention;

/// <summary>A threshold rule as the settings page edits it; rows are saved in the order given.</summary>
public sealed record ThresholdRuleDraft(int? SegmentId, ValueTier? Tier, double Threshold);

/// <summary>A saved rule with its segment's name, for the editor and the alert list.</summary>
public sealed record ThresholdRuleView(int Id, int? SegmentId, string? SegmentName, ValueTier? Tier, double Threshold, int Order, DateTime UpdatedAt, string UpdatedBy);

/// <summary>Why a row cannot be saved: <see cref="Code"/> is Threshold, Segment or Duplicate; rows count from 0.</summary>
public sealed record ThresholdRuleError(int Row, string Code);

public sealed record SegmentChoice(int Id, string Name);

/// <summary>The threshold rules managers keep in the console, with the configured default as the fallback.</summary>
public sealed class AlertThresholds(IDbContextFactory<OpsDbContext> contexts, IOptions<ChurnAlertOptions> options, TimeProvider clock)
{
    public const int MaxRules = 200;

    public double DefaultThreshold => options.Value.DefaultThreshold;

    public async Task<IReadOnlyList<ThresholdRuleView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from r in db.AlertThresholdRules.AsNoTracking()
                      join s in db.Segments on r.SegmentId equals s.Id into named
                      from s in named.DefaultIfEmpty()
                      orderby r.Order, r.Id
                      select new ThresholdRuleView(r.Id, r.SegmentId, s == null ? null : s.Name, r.Tier, r.Threshold, r.Order, r.UpdatedAt, r.UpdatedBy))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SegmentChoice>> SegmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Segments.AsNoTracking().OrderBy(s => s.Name).Select(s => new SegmentChoice(s.Id, s.Name)).ToListAsync(cancellationToken);
    }

    public async Task<ThresholdResolver> ResolverAsync(OpsDbContext db, CancellationToken cancellationToken) =>
        new(await db.AlertThresholdRules.AsNoTracking().ToListAsync(cancellationToken), options.Value.DefaultThreshold);

    /// <summary>Replaces every rule with <paramref name="rules"/>, or saves nothing and says which rows are wrong.</summary>
    public async Task<IReadOnlyList<ThresholdRuleError>> SaveAsync(IReadOnlyList<ThresholdRuleDraft> rules, string user, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var segments = (await db.Segments.Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var errors = Validate(rules, segments.Contains);
        if (errors.Count > 0)
        {
            return errors;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.AlertThresholdRules.ExecuteDeleteAsync(cancellationToken);
        db.AlertThresholdRules.AddRange(rules.Select((r, i) => new AlertThresholdRule
        {
            SegmentId = r.SegmentId, Tier = r.Tier, Threshold = r.Threshold, Order = i, UpdatedAt = now, UpdatedBy = user,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return [];
    }

    public static IReadOnlyList<ThresholdRuleError> Validate(IReadOnlyList<ThresholdRuleDraft> rules, Func<int, bool> segmentExists)
    {
        var errors = new List<ThresholdRuleError>();
        if (rules.Count > MaxRules)
        {
            errors.Add(new ThresholdRuleError(MaxRules, "TooMany"));
        }
        var seen = new HashSet<(int?, ValueTier?)>();
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            if (!double.IsFinite(r.Threshold) || r.Threshold is < 0 or > 1)
            {
                errors.Add(new ThresholdRuleError(i, "Threshold"));
            }
            if (r.SegmentId is { } segment && !segmentExists(segment))
            {
                errors.Add(new ThresholdRuleError(i, "Segment"));
            }
            // A second rule for the same segment and tier could never apply: the first always wins.
            if (!seen.Add((r.SegmentId, r.Tier)))
            {
                errors.Add(new ThresholdRuleError(i, "Duplicate"));
            }
        }
        return errors;
    }
}
