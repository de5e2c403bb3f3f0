using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Analytics;

/// <summary>
/// Runs one hand-written analytics statement on a context's connection. The behaviour queries aggregate millions of
/// events, so they are written as SQL and only their small aggregated rows come back.
/// </summary>
internal static class AnalyticsSql
{
    public static void EnsureSupported(DatabaseProvider provider, string what)
    {
        if (provider is not (DatabaseProvider.Sqlite or DatabaseProvider.PostgreSql))
        {
            throw new AnalyticsNotSupportedException(
                $"{what} runs on SQLite and PostgreSQL; the {provider} provider is not supported for it yet.");
        }
    }

    /// <param name="postgresSettings">Planner settings for this statement alone on PostgreSQL, such as <c>enable_memoize = off</c>.</param>
    public static async Task<List<T>> QueryAsync<T>(OpsDbContext db, string sql, IReadOnlyDictionary<string, object> parameters,
        Func<DbDataReader, T> map, CancellationToken ct, IReadOnlyList<string>? postgresSettings = null)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        // SQLite writes the materialized steps and sorts of a statement to temporary files; for these statements (a few
        // hundred thousand small rows) memory was up to a seventh faster. Set for the statement alone, not for what the
        // pooled connection does next (an index build on millions of rows).
        var sqlite = db.Database.IsSqlite();
        try
        {
            // PostgreSQL's JIT compiler spends seconds on statements of this size (many CTEs, window functions,
            // correlated lookups) to save less than it costs: analytics statements run without it. SET LOCAL keeps the
            // setting to this transaction, so the pooled connection goes back unchanged.
            await using var transaction = db.Database.IsNpgsql() ? await connection.BeginTransactionAsync(ct) : null;
            if (transaction is not null)
            {
                await using var settings = connection.CreateCommand();
                settings.Transaction = transaction;
                settings.CommandText = string.Concat(new[] { "jit = off" }.Concat(postgresSettings ?? []).Select(setting => $"SET LOCAL {setting};"));
                await settings.ExecuteNonQueryAsync(ct);
            }
            if (sqlite)
            {
                await ExecuteAsync(connection, "PRAGMA temp_store = MEMORY", ct);
            }
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            if (db.Database.GetCommandTimeout() is { } timeout)
            {
                command.CommandTimeout = timeout;
            }
            foreach (var (name, value) in parameters)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                p.Value = value;
                command.Parameters.Add(p);
            }
            var rows = new List<T>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(map(reader));
                }
            }
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
            return rows;
        }
        finally
        {
            if (sqlite)
            {
                await ExecuteAsync(connection, "PRAGMA temp_store = DEFAULT", CancellationToken.None);
            }
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The text the <c>Type</c> column holds: the enum's name, as the model's string conversion writes it.</summary>
    public static string Stored(Ingestion.EventType type) => type.ToString();
}
