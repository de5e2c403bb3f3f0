using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;
using OpsConsole.Data;

namespace OpsConsole.Web.Hosting;

/// <summary>
/// Instances started together (a deployment, a scale-up) prepare the shared database one after the other: migrations,
/// the job storage's own schema, the roles and the start-up steps each check first and then write, and two instances
/// checking at once would both write. The lock is the database's own (an advisory lock on PostgreSQL, an application
/// lock on SQL Server), held by an unpooled session of its own, so it ends with that session even if the release fails.
/// An SQLite file serves one instance, which needs no lock.
/// </summary>
internal sealed class StartupLock : IAsyncDisposable
{
    private const string Resource = "opsconsole:start";

    /// <summary>The advisory-lock key: the first eight bytes of "opsconso", so unlikely to meet another application's.</summary>
    private const long PostgresKey = 0x6F7073636F6E736F;

    private readonly DbConnection? _connection;
    private readonly string? _release;

    private StartupLock(DbConnection? connection, string? release)
    {
        _connection = connection;
        _release = release;
    }

    public static async Task<StartupLock> AcquireAsync(DatabaseOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var (connection, acquire, release) = options.Provider switch
        {
            DatabaseProvider.PostgreSql => ((DbConnection)new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false }.ConnectionString),
                $"SELECT pg_advisory_lock({PostgresKey})", $"SELECT pg_advisory_unlock({PostgresKey})"),
            DatabaseProvider.SqlServer => (new SqlConnection(new SqlConnectionStringBuilder(options.ConnectionString) { Pooling = false }.ConnectionString),
                $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = N'{Resource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1; IF @r < 0 THROW 50000, 'The start-up lock was refused.', 1;",
                $"EXEC sp_releaseapplock @Resource = N'{Resource}', @LockOwner = 'Session';"),
            _ => ((DbConnection?)null, (string?)null, (string?)null),
        };
        if (connection is null)
        {
            return new StartupLock(null, null);
        }
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = acquire;
            // Another instance may be generating the demo platform or applying a long migration: wait as long as it takes.
            command.CommandTimeout = 0;
            logger.LogDebug("Taking the start-up lock; another instance preparing the database holds it until it is done.");
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new StartupLock(connection, release);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
        {
            return;
        }
        try
        {
            if (_connection.State == ConnectionState.Open)
            {
                await using var command = _connection.CreateCommand();
                command.CommandText = _release;
                await command.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
