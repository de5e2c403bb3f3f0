using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Ingestion;

namespace OpsConsole.Data;

public static class DatabaseMigrator
{
    public static async Task MigrateAsync(IDbContextFactory<OpsDbContext> factory, DatabaseOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                // Migrations that back-fill event keys call this; the connection stays open so they run on it.
                await db.Database.OpenConnectionAsync(cancellationToken);
                ((SqliteConnection)db.Database.GetDbConnection()).CreateFunction("ops_event_key",
                    (string eventId) => EventKeys.For(eventId).ToByteArray(), isDeterministic: true);
            }
            logger.LogInformation("Applying {Count} migration(s) on {Provider}: {Names}", pending.Count, options.Provider, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the console read while ingestion writes. Commits stay fully synchronous: an acknowledged event must survive a power cut.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
