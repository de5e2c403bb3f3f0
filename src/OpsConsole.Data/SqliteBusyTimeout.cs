using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpsConsole.Data;

/// <summary>
/// Lets SQLite itself wait for another connection's write lock: its busy handler retries after 1, 2, 5, 10 … up to
/// 100 ms. Without it a locked database fails at once into Microsoft.Data.Sqlite's own retry loop, which sleeps 150 ms
/// between tries, so with a few writers at once (tickets taken in while others are routed) a write that needed the
/// lock for a millisecond or two waited 150, 300 or 450 ms. The wait is bounded by the command timeout, as before.
/// </summary>
internal sealed class SqliteBusyTimeout(int commandTimeoutSeconds) : DbConnectionInterceptor
{
    private readonly string _pragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {commandTimeoutSeconds * 1000L};");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // SQLite runs in this process: a pragma is a function call, not a round trip.
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }
}
