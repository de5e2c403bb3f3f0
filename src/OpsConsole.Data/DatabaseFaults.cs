using System.Data.Common;
using System.Net.Sockets;

namespace OpsConsole.Data;

/// <summary>Tells a database that cannot be reached (or is restarting, or briefly locked) from a fault in our own code or data.</summary>
public static class DatabaseFaults
{
    /// <summary>
    /// True when the exception, or one it wraps, says the database could not serve the request right now: a provider
    /// error the provider itself marks transient (PostgreSQL shutting down or refusing connections, SQL Server's transient
    /// numbers, SQLite busy), (timeouts reaching the server among them), or a socket that could not connect. Such a request may
    /// succeed if simply tried again later.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbException { IsTransient: true }:
                case SocketException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsUnavailable):
                    return true;
            }
        }
        return false;
    }
}
