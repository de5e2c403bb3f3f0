using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// Replaces the rows analytics derive from each learner's history, <see cref="PathStep"/> and <see cref="LearnerActivity"/>,
/// inside the caller's transaction. Paths and retention run on SQLite and PostgreSQL only (SQL Server answers 501 for
/// them), so on SQL Server nothing is written: millions of rows through the change tracker every night, for tables
/// nothing reads, would only slow the rebuild.
/// </summary>
public static class LearnerHistoryStore
{
    /// <summary>The projection's marker: its state is the zone the activity periods were bucketed in.</summary>
    public const string CheckpointName = "learner-history";

    /// <summary>Replaces every learner's rows.</summary>
    public static async Task ReplaceAllAsync(OpsDbContext db, IReadOnlyList<LearnerSteps> steps, IReadOnlyList<LearnerPeriods> periods, CancellationToken ct)
    {
        if (!Kept(db))
        {
            return;
        }
        await db.PathSteps.ExecuteDeleteAsync(ct);
        await db.LearnerActivity.ExecuteDeleteAsync(ct);
        await InsertAsync(db, steps, periods, ct);
    }

    /// <summary>Replaces the rows of <paramref name="learnerIds"/> (learners absent from the lists end with none).</summary>
    public static async Task ReplaceAsync(OpsDbContext db, IReadOnlyCollection<string> learnerIds, IReadOnlyList<LearnerSteps> steps,
        IReadOnlyList<LearnerPeriods> periods, CancellationToken ct)
    {
        if (!Kept(db))
        {
            return;
        }
        await db.PathSteps.Where(s => learnerIds.Contains(s.LearnerId)).ExecuteDeleteAsync(ct);
        await db.LearnerActivity.Where(a => learnerIds.Contains(a.LearnerId)).ExecuteDeleteAsync(ct);
        await InsertAsync(db, steps, periods, ct);
    }

    private static bool Kept(OpsDbContext db) => db.Database.IsSqlite() || db.Database.IsNpgsql();

    private static async Task InsertAsync(OpsDbContext db, IReadOnlyList<LearnerSteps> steps, IReadOnlyList<LearnerPeriods> periods, CancellationToken ct)
    {
        await DerivedRows.InsertAsync(db, "PathSteps", StepColumns, steps.SelectMany(l => l.Rows()), ct);
        await DerivedRows.InsertAsync(db, "LearnerActivity", ActivityColumns, periods.SelectMany(l => l.Rows()), ct);
    }

    private static readonly DerivedColumn<LearnerActivity>[] ActivityColumns =
    [
        new("LearnerId", NpgsqlDbType.Varchar, a => a.LearnerId),
        new("Period", NpgsqlDbType.Integer, a => (int)a.Period),
        new("Start", NpgsqlDbType.Date, a => a.Start),
        new("Types", NpgsqlDbType.Bigint, a => a.Types),
    ];

    private static readonly DerivedColumn<PathStep>[] StepColumns =
    [
        new("LearnerId", NpgsqlDbType.Varchar, s => s.LearnerId),
        new("Seq", NpgsqlDbType.Bigint, s => s.Seq),
        new("At", NpgsqlDbType.TimestampTz, s => s.At),
        new("Type", NpgsqlDbType.Integer, s => (int)s.Type),
        Neighbour("Next1", s => s.Next1), Neighbour("Next2", s => s.Next2), Neighbour("Next3", s => s.Next3),
        Neighbour("Next4", s => s.Next4), Neighbour("Next5", s => s.Next5),
        Neighbour("Prev1", s => s.Prev1), Neighbour("Prev2", s => s.Prev2), Neighbour("Prev3", s => s.Prev3),
        Neighbour("Prev4", s => s.Prev4), Neighbour("Prev5", s => s.Prev5),
    ];

    private static DerivedColumn<PathStep> Neighbour(string name, Func<PathStep, EventType?> type) =>
        new(name, NpgsqlDbType.Integer, s => type(s) is { } t ? (int)t : null);
}
