using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// Writes <see cref="PathStep"/> rows inside the caller's transaction. A full rebuild writes a row for about every
/// second event, millions on a large platform, so SQLite gets one prepared statement re-bound per row and PostgreSQL a
/// binary COPY; SQL Server takes the portable path through the change tracker.
/// </summary>
public static class PathStepStore
{
    private const int PortableChunk = 2_000;

    /// <summary>Replaces every learner's steps.</summary>
    public static async Task ReplaceAllAsync(OpsDbContext db, IEnumerable<LearnerSteps> learners, CancellationToken ct)
    {
        await db.PathSteps.ExecuteDeleteAsync(ct);
        await InsertAsync(db, learners, ct);
    }

    /// <summary>Replaces the steps of <paramref name="learnerIds"/> with <paramref name="learners"/> (absent learners end with none).</summary>
    public static async Task ReplaceAsync(OpsDbContext db, IReadOnlyCollection<string> learnerIds, IEnumerable<LearnerSteps> learners, CancellationToken ct)
    {
        await db.PathSteps.Where(s => learnerIds.Contains(s.LearnerId)).ExecuteDeleteAsync(ct);
        await InsertAsync(db, learners, ct);
    }

    private static Task InsertAsync(OpsDbContext db, IEnumerable<LearnerSteps> learners, CancellationToken ct) =>
        db.Database.GetDbConnection() switch
        {
            SqliteConnection sqlite => InsertSqliteAsync(db, sqlite, learners, ct),
            NpgsqlConnection postgres => InsertPostgresAsync(postgres, learners, ct),
            _ => InsertPortableAsync(db, learners, ct),
        };

    private static readonly string[] Columns =
        ["LearnerId", "Seq", "At", "Type", "Next1", "Next2", "Next3", "Next4", "Next5", "Prev1", "Prev2", "Prev3", "Prev4", "Prev5"];

    private static object?[] Values(PathStep s) => [s.LearnerId, s.Seq, s.At, (int)s.Type, .. Neighbours(s).Select(n => (object?)n)];

    private static IEnumerable<int?> Neighbours(PathStep s) =>
        [Number(s.Next1), Number(s.Next2), Number(s.Next3), Number(s.Next4), Number(s.Next5),
            Number(s.Prev1), Number(s.Prev2), Number(s.Prev3), Number(s.Prev4), Number(s.Prev5)];

    private static int? Number(EventType? type) => type is { } t ? (int)t : null;

    private static async Task InsertSqliteAsync(OpsDbContext db, SqliteConnection connection, IEnumerable<LearnerSteps> learners, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        insert.CommandText = $"""
            INSERT INTO "PathSteps" ({string.Join(",", Columns.Select(c => $"\"{c}\""))})
            VALUES ({string.Join(",", Columns.Select(c => "$" + c))})
            """;
        var parameters = Columns.Select(c => insert.Parameters.Add("$" + c, c is "LearnerId" or "At" ? SqliteType.Text : SqliteType.Integer)).ToArray();
        insert.Prepare();
        foreach (var learner in learners)
        {
            foreach (var step in learner.Rows())
            {
                var values = Values(step);
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }
                insert.ExecuteNonQuery();
            }
            ct.ThrowIfCancellationRequested();
        }
    }

    private static async Task InsertPostgresAsync(NpgsqlConnection connection, IEnumerable<LearnerSteps> learners, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY \"PathSteps\" ({string.Join(",", Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var learner in learners)
        {
            foreach (var step in learner.Rows())
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(step.LearnerId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(step.Seq, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(step.At, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync((int)step.Type, NpgsqlDbType.Integer, ct);
                foreach (var neighbour in Neighbours(step))
                {
                    if (neighbour is { } t)
                    {
                        await copy.WriteAsync(t, NpgsqlDbType.Integer, ct);
                    }
                    else
                    {
                        await copy.WriteNullAsync(ct);
                    }
                }
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task InsertPortableAsync(OpsDbContext db, IEnumerable<LearnerSteps> learners, CancellationToken ct)
    {
        var pending = 0;
        foreach (var step in learners.SelectMany(l => l.Rows()))
        {
            db.PathSteps.Add(step);
            if (++pending == PortableChunk)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                pending = 0;
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
