using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpsConsole.Data;

/// <summary>Tells a database that cannot be reached (or is restarting, or briefly locked) from a fault in our own code or data.</summary>
public static class DatabaseFaults
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqlServerTimeout = -2;

    /// <summary>
    /// True when the exception, or one it wraps, says the database could not serve the request right now: a provider
    /// error the provider itself marks transient (PostgreSQL shutting down or refusing connections, SQL Server's transient
    /// numbers; timeouts reaching the server among them), SQLite busy or locked (which Microsoft.Data.Sqlite does not
    /// mark transient), or a socket that could not connect. Such a request may succeed if simply tried again later.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbException { IsTransient: true }:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                case SocketException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsUnavailable):
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// True when the database is there but did not serve the request in time: a wait that ran out (for a pooled
    /// connection, a lock or an answer), a server with every connection slot taken, SQLite busy or locked. Under heavy
    /// load these are expected and pass by themselves; they say nothing about whether the database can be reached.
    /// </summary>
    public static bool IsBusy(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case TimeoutException:
                case OperationCanceledException:
                case PostgresException { SqlState: PostgresErrorCodes.TooManyConnections }:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                case SqlException { Number: SqlServerTimeout }:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsBusy):
                    return true;
            }
        }
        return false;
    }

    /// <summary>Unavailable for a reason other than being busy: the server is down, restarting or cannot be connected to.</summary>
    public static bool IsUnreachable(Exception exception) => IsUnavailable(exception) && !IsBusy(exception);
}
