using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;

namespace OpsConsole.Analytics;

/// <summary>
/// Rebuilds <see cref="DailyRollup"/> rows from events. Events are streamed in time order with only the columns
/// a rollup needs and bucketed in C#, so the day boundaries are the platform zone's on every database provider.
/// </summary>
public sealed class RollupService(IDbContextFactory<OpsDbContext> contexts, PlatformTime time, ILogger<RollupService> logger)
{
    private static readonly DateTime UnknownSignup = DateTime.SpecifyKind(default, DateTimeKind.Utc);

    /// <summary>Computes the rollups of <paramref name="range"/> without storing them (used for today's live figures).</summary>
    public async Task<IReadOnlyList<DailyRollup>> ComputeAsync(DayRange range, CancellationToken cancellationToken = default)
    {
        var (start, end) = time.ToUtc(range);
        var accumulator = new RollupAccumulator(time);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var signups = db.Learners.AsNoTracking()
            .Where(l => l.SignupAt >= start && l.SignupAt < end)
            .Select(l => l.SignupAt)
            .AsAsyncEnumerable();
        await foreach (var signupAt in signups.WithCancellation(cancellationToken))
        {
            accumulator.AddSignup(signupAt);
        }

        var events = db.Events.AsNoTracking()
            .Where(e => e.OccurredAt >= start && e.OccurredAt < end)
            .OrderBy(e => e.OccurredAt)
            .Select(e => new EventFact(e.LearnerId, e.Type, e.OccurredAt, e.Amount))
            .AsAsyncEnumerable();
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            accumulator.Add(e);
        }
        return accumulator.Complete(range, time.UtcNow);
    }

    /// <summary>Recomputes and replaces the rows of <paramref name="range"/>; running it twice gives the same rows.</summary>
    public async Task<RollupRun> RecomputeAsync(DayRange range, CancellationToken cancellationToken = default)
    {
        var rows = await ComputeAsync(range, cancellationToken);
        await ReplaceAsync(rows, range, cancellationToken);
        return Logged(new RollupRun(range, rows.Count, rows.Sum(r => (long)r.Events)));
    }

    /// <summary>The last <paramref name="days"/> platform days up to today: what the frequent job refreshes.</summary>
    public Task<RollupRun> RecomputeRecentAsync(int days, CancellationToken cancellationToken = default) =>
        RecomputeAsync(DayRange.Ending(time.Today, days), cancellationToken);

    /// <summary>Rebuilds every day from the first event or sign-up to today and drops rows outside it.</summary>
    public async Task<RollupRun> RecomputeAllAsync(CancellationToken cancellationToken = default)
    {
        DateTime? first;
        DateTime? last;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var firstEvent = await db.Events.MinAsync(e => (DateTime?)e.OccurredAt, cancellationToken);
            // Learners imported without a sign-up date carry the default value; they belong to no day.
            var firstSignup = await db.Learners.Where(l => l.SignupAt > UnknownSignup).MinAsync(l => (DateTime?)l.SignupAt, cancellationToken);
            first = Earliest(firstEvent, firstSignup);
            last = await db.Events.MaxAsync(e => (DateTime?)e.OccurredAt, cancellationToken);
        }
        if (first is null)
        {
            await ReplaceAsync([], null, cancellationToken);
            return Logged(new RollupRun(null, 0, 0));
        }
        var today = time.Today;
        var to = last is { } l && time.DayOf(l) > today ? time.DayOf(l) : today;
        var from = time.DayOf(first.Value);
        var range = new DayRange(from < to ? from : to, to);
        var rows = await ComputeAsync(range, cancellationToken);
        await ReplaceAsync(rows, null, cancellationToken);
        return Logged(new RollupRun(range, rows.Count, rows.Sum(r => (long)r.Events)));
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DailyRollups.AnyAsync(cancellationToken);
    }

    /// <summary>Deletes the rows of <paramref name="range"/> (all rows when null) and inserts <paramref name="rows"/> in one transaction.</summary>
    private async Task ReplaceAsync(IReadOnlyList<DailyRollup> rows, DayRange? range, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = db.DailyRollups.AsQueryable();
        if (range is { } r)
        {
            existing = existing.Where(x => x.Day >= r.From && x.Day <= r.To);
        }
        await existing.ExecuteDeleteAsync(cancellationToken);
        db.DailyRollups.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private RollupRun Logged(RollupRun run)
    {
        logger.LogInformation("Daily rollups recomputed for {Range}: {Days} day(s), {Events} event(s)", run.Range?.ToString() ?? "(no data)", run.Days, run.Events);
        return run;
    }

    private static DateTime? Earliest(DateTime? a, DateTime? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}

public sealed record RollupRun(DayRange? Range, int Days, long Events);
