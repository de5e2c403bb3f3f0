using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Profiles;

namespace OpsConsole.Retention;

/// <summary>Which alerts a list shows by status; <see cref="Unresolved"/> (the default) is everything still being worked.</summary>
public enum AlertStatusFilter
{
    Unresolved,
    Open,
    Acknowledged,
    Actioned,
    Resolved,
    All,
}

public enum AlertSort
{
    Raised,
    Risk,
    Tier,
    Status,
    Learner,
}

/// <summary>A page of alerts. <see cref="From"/> and <see cref="To"/> are platform days of raising, both included.</summary>
public sealed record AlertQuery(
    AlertStatusFilter Status = AlertStatusFilter.Unresolved,
    ValueTier? Tier = null,
    int? SegmentId = null,
    string? AssignedTo = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? LearnerId = null,
    AlertSort Sort = AlertSort.Raised,
    bool Descending = true,
    int Page = 0,
    int PageSize = 25);

public sealed record AlertList(IReadOnlyList<ChurnAlertSummary> Items, int Total);

/// <summary>One platform week (starting Monday): alerts raised, and the outcomes of those alerts decided so far.</summary>
public sealed record AlertWeek(DateOnly WeekStart, int Raised, int Stayed, int Churned)
{
    /// <summary>Stayed / (Stayed + Churned); null while no outcome of the week's alerts is decided.</summary>
    public double? SaveRate => Stayed + Churned == 0 ? null : (double)Stayed / (Stayed + Churned);
}

/// <summary>An alert with what the drawer shows beside it: the learner, the drivers, the risk over time.</summary>
public sealed record ChurnAlertDetails(
    ChurnAlert Alert,
    ChurnAlertSummary Summary,
    IReadOnlyList<ChurnDriver> Drivers,
    LearnerProfile? Profile,
    IReadOnlyList<RiskPoint> History);

public sealed class AlertQueryException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

public sealed class ChurnAlertQueries(IDbContextFactory<OpsDbContext> contexts, PlatformTime time)
{
    public const int MaxPageSize = 200;
    public const int HistoryDays = 90;

    public async Task<AlertList> ListAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw new AlertQueryException("pageSize", $"pageSize must be 1 to {MaxPageSize}; got {query.PageSize}.");
        }
        if (query.Page < 0)
        {
            throw new AlertQueryException("page", $"page counts from 0; got {query.Page}.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = Filter(db.ChurnAlerts.AsNoTracking(), query);
        var total = await alerts.CountAsync(cancellationToken);
        var rows = await Project(db, Sort(alerts, query).Skip(query.Page * query.PageSize).Take(query.PageSize)).ToListAsync(cancellationToken);
        return new AlertList(rows.Select(r => ChurnAlertSummary.Of(r.Alert, r.Segment, r.Current)).ToList(), total);
    }

    /// <summary>Every alert the query matches, in its order, streamed for CSV export.</summary>
    public async IAsyncEnumerable<ChurnAlertSummary> StreamAsync(AlertQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var r in Project(db, Sort(Filter(db.ChurnAlerts.AsNoTracking(), query), query)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return ChurnAlertSummary.Of(r.Alert, r.Segment, r.Current);
        }
    }

    public async Task<ChurnAlertDetails?> DetailsAsync(long alertId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await Project(db, db.ChurnAlerts.AsNoTracking().Where(a => a.Id == alertId)).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var profile = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.LearnerId == row.Alert.LearnerId, cancellationToken);
        var history = await HistoryAsync(db, row.Alert.LearnerId, cancellationToken);
        return new ChurnAlertDetails(row.Alert, ChurnAlertSummary.Of(row.Alert, row.Segment, row.Current), ChurnDrivers.Parse(row.Alert.Drivers), profile, history);
    }

    /// <summary>Alerts raised per platform week over the last <paramref name="weeks"/> weeks, with their decided outcomes.</summary>
    public async Task<IReadOnlyList<AlertWeek>> WeeklyAsync(int weeks = 12, CancellationToken cancellationToken = default)
    {
        weeks = Math.Clamp(weeks, 1, 104);
        var first = WeekStart(time.Today).AddDays(-7 * (weeks - 1));
        var start = time.StartOfDayUtc(first);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ChurnAlerts.AsNoTracking().Where(a => a.RaisedAt >= start)
            .Select(a => new { a.RaisedAt, a.Outcome }).ToListAsync(cancellationToken);
        var byWeek = rows.GroupBy(r => WeekStart(time.DayOf(r.RaisedAt))).ToDictionary(g => g.Key, g => g.ToList());
        return [.. Enumerable.Range(0, weeks).Select(i => first.AddDays(7 * i)).Select(w => byWeek.TryGetValue(w, out var g)
            ? new AlertWeek(w, g.Count, g.Count(r => r.Outcome == AlertOutcome.Stayed), g.Count(r => r.Outcome == AlertOutcome.Churned))
            : new AlertWeek(w, 0, 0, 0))];
    }

    /// <summary>The user names alerts are assigned to, for the assignee filter.</summary>
    public async Task<IReadOnlyList<string>> AssigneesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ChurnAlerts.Where(a => a.AssignedTo != null).Select(a => a.AssignedTo!).Distinct().OrderBy(a => a).Take(500).ToListAsync(cancellationToken);
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    internal static async Task<IReadOnlyList<RiskPoint>> HistoryAsync(OpsDbContext db, string learnerId, CancellationToken cancellationToken)
    {
        var points = await db.ChurnScoreHistory.AsNoTracking().Where(p => p.LearnerId == learnerId)
            .OrderByDescending(p => p.Day).Take(HistoryDays).Select(p => new RiskPoint(p.Day, p.Risk)).ToListAsync(cancellationToken);
        points.Reverse();
        return points;
    }

    private sealed record Row(ChurnAlert Alert, string? Segment, double? Current);

    private static IQueryable<Row> Project(OpsDbContext db, IQueryable<ChurnAlert> alerts) =>
        alerts.Select(a => new Row(a,
            db.Segments.Where(s => s.Id == a.SegmentId).Select(s => s.Name).FirstOrDefault(),
            db.ChurnScores.Where(s => s.LearnerId == a.LearnerId).Select(s => (double?)s.Risk).FirstOrDefault()));

    private IQueryable<ChurnAlert> Filter(IQueryable<ChurnAlert> alerts, AlertQuery q)
    {
        alerts = q.Status switch
        {
            AlertStatusFilter.Unresolved => alerts.Where(a => a.Status != ChurnAlertStatus.Resolved),
            AlertStatusFilter.Open => alerts.Where(a => a.Status == ChurnAlertStatus.Open),
            AlertStatusFilter.Acknowledged => alerts.Where(a => a.Status == ChurnAlertStatus.Acknowledged),
            AlertStatusFilter.Actioned => alerts.Where(a => a.Status == ChurnAlertStatus.Actioned),
            AlertStatusFilter.Resolved => alerts.Where(a => a.Status == ChurnAlertStatus.Resolved),
            _ => alerts,
        };
        if (q.Tier is { } tier) alerts = alerts.Where(a => a.ValueTier == tier);
        if (q.SegmentId is { } segment) alerts = alerts.Where(a => a.SegmentId == segment);
        if (!string.IsNullOrWhiteSpace(q.AssignedTo)) alerts = alerts.Where(a => a.AssignedTo == q.AssignedTo);
        if (!string.IsNullOrWhiteSpace(q.LearnerId)) alerts = alerts.Where(a => a.LearnerId == q.LearnerId.Trim());
        if (q.From is { } from)
        {
            var start = time.StartOfDayUtc(from);
            alerts = alerts.Where(a => a.RaisedAt >= start);
        }
        if (q.To is { } to)
        {
            var end = time.StartOfDayUtc(to.AddDays(1));
            alerts = alerts.Where(a => a.RaisedAt < end);
        }
        return alerts;
    }

    private static IQueryable<ChurnAlert> Sort(IQueryable<ChurnAlert> alerts, AlertQuery q) => (q.Sort, q.Descending) switch
    {
        (AlertSort.Risk, true) => alerts.OrderByDescending(a => a.Risk).ThenByDescending(a => a.Id),
        (AlertSort.Risk, false) => alerts.OrderBy(a => a.Risk).ThenBy(a => a.Id),
        (AlertSort.Tier, true) => alerts.OrderByDescending(a => a.ValueTier == ValueTier.High ? 2 : a.ValueTier == ValueTier.Medium ? 1 : 0).ThenByDescending(a => a.Risk).ThenByDescending(a => a.Id),
        (AlertSort.Tier, false) => alerts.OrderBy(a => a.ValueTier == ValueTier.High ? 2 : a.ValueTier == ValueTier.Medium ? 1 : 0).ThenBy(a => a.Risk).ThenBy(a => a.Id),
        (AlertSort.Status, true) => alerts.OrderByDescending(a => a.Status).ThenByDescending(a => a.Id),
        (AlertSort.Status, false) => alerts.OrderBy(a => a.Status).ThenBy(a => a.Id),
        (AlertSort.Learner, true) => alerts.OrderByDescending(a => a.LearnerId).ThenByDescending(a => a.Id),
        (AlertSort.Learner, false) => alerts.OrderBy(a => a.LearnerId).ThenBy(a => a.Id),
        (_, true) => alerts.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id),
        _ => alerts.OrderBy(a => a.RaisedAt).ThenBy(a => a.Id),
    };
}
