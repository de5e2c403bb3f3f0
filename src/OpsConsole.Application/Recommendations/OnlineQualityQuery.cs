using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;

namespace OpsConsole.Recommendations;

/// <summary>Impressions, clicks, purchases and revenue of one model version (or one day or position of it).</summary>
public sealed record OnlineFigures(long Impressions, long Clicks, long Purchases, decimal Revenue)
{
    public static readonly OnlineFigures None = new(0, 0, 0, 0);

    public double ClickThroughRate => Impressions == 0 ? 0 : (double)Clicks / Impressions;
    public double PurchaseRate => Impressions == 0 ? 0 : (double)Purchases / Impressions;
    public decimal RevenuePerThousand => Impressions == 0 ? 0 : Revenue * 1000 / Impressions;

    public OnlineFigures Add(OnlineFigures other) =>
        new(Impressions + other.Impressions, Clicks + other.Clicks, Purchases + other.Purchases, Revenue + other.Revenue);
}

public sealed record OnlineVersion(int ModelVersion, long Lists, OnlineFigures Figures);
public sealed record OnlineDay(int ModelVersion, DateOnly Day, OnlineFigures Figures);
public sealed record OnlinePosition(int ModelVersion, int Position, OnlineFigures Figures);

public sealed record OnlineReport(DayRange Range, IReadOnlyList<OnlineVersion> Versions, IReadOnlyList<OnlineDay> Days, IReadOnlyList<OnlinePosition> Positions);

/// <summary>
/// Online recommendation quality from impressions and credited feedback, per model version, per day and per
/// position, counted in the database. Days are platform days; feedback counts on the day it happened.
/// </summary>
public sealed class OnlineQualityQuery(IDbContextFactory<OpsDbContext> contexts, PlatformTime time)
{
    public async Task<OnlineReport> RunAsync(DayRange range, IReadOnlyCollection<int>? versions, CancellationToken cancellationToken)
    {
        var (start, end) = time.ToUtc(range);
        // Fixed for the range: the platform zones in use have no daylight saving, and an hour's drift at a DST edge
        // would only move a few impressions between neighbouring days.
        var offset = time.Zone.GetUtcOffset(start).TotalMinutes;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var impressions = db.RecommendationImpressions.AsNoTracking().Where(i => i.ServedAt >= start && i.ServedAt < end);
        var feedback = db.RecommendationFeedback.AsNoTracking().Where(f => f.OccurredAt >= start && f.OccurredAt < end);
        if (versions is { Count: > 0 })
        {
            impressions = impressions.Where(i => versions.Contains(i.ModelId));
            feedback = feedback.Where(f => versions.Contains(f.ModelId));
        }

        var shownByDay = await impressions
            .GroupBy(i => new { i.ModelId, Day = i.ServedAt.AddMinutes(offset).Date })
            .Select(g => new { g.Key.ModelId, g.Key.Day, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var shownByPosition = await impressions
            .GroupBy(i => new { i.ModelId, i.Position })
            .Select(g => new { g.Key.ModelId, g.Key.Position, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var lists = await impressions
            .GroupBy(i => i.ModelId)
            .Select(g => new { ModelId = g.Key, Lists = g.Select(i => i.RecommendationId).Distinct().LongCount() })
            .ToListAsync(cancellationToken);
        var creditsByDay = await feedback
            .GroupBy(f => new { f.ModelId, f.Kind, Day = f.OccurredAt.AddMinutes(offset).Date })
            .Select(g => new { g.Key.ModelId, g.Key.Kind, g.Key.Day, Count = g.LongCount(), Revenue = g.Sum(f => f.Amount ?? 0) })
            .ToListAsync(cancellationToken);
        var creditsByPosition = await feedback
            .GroupBy(f => new { f.ModelId, f.Kind, f.Position })
            .Select(g => new { g.Key.ModelId, g.Key.Kind, g.Key.Position, Count = g.LongCount(), Revenue = g.Sum(f => f.Amount ?? 0) })
            .ToListAsync(cancellationToken);

        var days = new Dictionary<(int, DateOnly), OnlineFigures>();
        foreach (var row in shownByDay)
        {
            Accumulate(days, (row.ModelId, DateOnly.FromDateTime(row.Day)), new OnlineFigures(row.Count, 0, 0, 0));
        }
        foreach (var row in creditsByDay)
        {
            Accumulate(days, (row.ModelId, DateOnly.FromDateTime(row.Day)), Credit(row.Kind, row.Count, row.Revenue));
        }
        var positions = new Dictionary<(int, int), OnlineFigures>();
        foreach (var row in shownByPosition)
        {
            Accumulate(positions, (row.ModelId, row.Position), new OnlineFigures(row.Count, 0, 0, 0));
        }
        foreach (var row in creditsByPosition)
        {
            Accumulate(positions, (row.ModelId, row.Position), Credit(row.Kind, row.Count, row.Revenue));
        }
        var listCounts = lists.ToDictionary(l => l.ModelId, l => l.Lists);
        var totals = days.GroupBy(d => d.Key.Item1)
            .Select(g => new OnlineVersion(g.Key, listCounts.GetValueOrDefault(g.Key), g.Aggregate(OnlineFigures.None, (sum, d) => sum.Add(d.Value))))
            .OrderByDescending(v => v.ModelVersion).ToArray();
        return new OnlineReport(range, totals,
            [.. days.Select(d => new OnlineDay(d.Key.Item1, d.Key.Item2, d.Value)).OrderBy(d => d.Day).ThenBy(d => d.ModelVersion)],
            [.. positions.Select(p => new OnlinePosition(p.Key.Item1, p.Key.Item2, p.Value)).OrderBy(p => p.ModelVersion).ThenBy(p => p.Position)]);
    }

    private static OnlineFigures Credit(FeedbackKind kind, long count, decimal revenue) =>
        kind == FeedbackKind.Click ? new OnlineFigures(0, count, 0, 0) : new OnlineFigures(0, 0, count, revenue);

    private static void Accumulate<TKey>(Dictionary<TKey, OnlineFigures> into, TKey key, OnlineFigures figures) where TKey : notnull =>
        into[key] = into.TryGetValue(key, out var seen) ? seen.Add(figures) : figures;
}
