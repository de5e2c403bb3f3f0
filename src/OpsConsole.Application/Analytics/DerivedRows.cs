using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using OpsConsole.Data;

namespace OpsConsole.Analytics;

/// <summary>A column of a table derived from events, and how PostgreSQL's COPY writes it.</summary>
public sealed record DerivedColumn<T>(string Name, NpgsqlDbType PostgresType, Func<T, object?> Value);

/// <summary>
/// Inserts rows derived from events inside the caller's transaction. A full rebuild writes millions of them, so SQLite
/// gets one prepared statement re-bound per row and PostgreSQL a binary COPY.
/// </summary>
public static class DerivedRows
{
    public static Task InsertAsync<T>(OpsDbContext db, string table, IReadOnlyList<DerivedColumn<T>> columns, IEnumerable<T> rows, CancellationToken ct) =>
        db.Database.GetDbConnection() switch
        {
            SqliteConnection sqlite => InsertSqliteAsync(db, sqlite, table, columns, rows, ct),
            NpgsqlConnection postgres => InsertPostgresAsync(postgres, table, columns, rows, ct),
            var other => throw new NotSupportedException($"Derived rows are written on SQLite and PostgreSQL only, not through {other.GetType().Name}."),
        };

    private static string ColumnList<T>(IReadOnlyList<DerivedColumn<T>> columns) => string.Join(",", columns.Select(c => $"\"{c.Name}\""));

    private static async Task InsertSqliteAsync<T>(OpsDbContext db, SqliteConnection connection, string table, IReadOnlyList<DerivedColumn<T>> columns,
        IEnumerable<T> rows, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        insert.CommandText = $"INSERT INTO \"{table}\" ({ColumnList(columns)}) VALUES ({string.Join(",", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", DBNull.Value))).ToArray();
        insert.Prepare();
        var written = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
            }
            insert.ExecuteNonQuery();
            if (++written % 10_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    private static async Task InsertPostgresAsync<T>(NpgsqlConnection connection, string table, IReadOnlyList<DerivedColumn<T>> columns,
        IEnumerable<T> rows, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({ColumnList(columns)}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            foreach (var column in columns)
            {
                if (column.Value(row) is { } value)
                {
                    await copy.WriteAsync(value, column.PostgresType, ct);
                }
                else
                {
                    await copy.WriteNullAsync(ct);
                }
            }
        }
        await copy.CompleteAsync(ct);
    }
}
