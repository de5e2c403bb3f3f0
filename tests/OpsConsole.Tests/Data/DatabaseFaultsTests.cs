using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpsConsole.Data;

namespace OpsConsole.Tests.Data;

public sealed class DatabaseFaultsTests
{
    public static TheoryData<string, Exception, bool, bool> Faults => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)), true, false },
        { "server shutting down", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown), true, false },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()), true, true },
        { "answer too late", new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")), true, true },
        { "too many clients", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections), true, true },
        { "sqlite busy", new SqliteException("database is locked", 5), true, true },
        { "our own bug", new InvalidOperationException("Sequence contains no elements"), false, false },
        { "bad data", new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation), false, false },
    };

    [Theory, MemberData(nameof(Faults))]
    public void IsUnreachable_EachKindOfFault_OnlyWhenTheDatabaseCannotBeReached(string kind, Exception fault, bool unavailable, bool busy)
    {
        Assert.Equal(unavailable, DatabaseFaults.IsUnavailable(fault));
        Assert.Equal(busy, DatabaseFaults.IsBusy(fault));
        Assert.Equal(unavailable && !busy, DatabaseFaults.IsUnreachable(fault));
        Assert.NotEmpty(kind);
    }

    [Fact]
    public void IsBusy_TimeoutWrappedInAnUpdateException_SeesThroughTheWrapper()
    {
        var wrapped = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new NpgsqlException("The connection pool has been exhausted", new TimeoutException()));

        Assert.True(DatabaseFaults.IsUnavailable(wrapped));
        Assert.False(DatabaseFaults.IsUnreachable(wrapped));
    }
}
