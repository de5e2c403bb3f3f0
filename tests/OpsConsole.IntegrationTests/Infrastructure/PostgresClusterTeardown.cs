using OpsConsole.IntegrationTests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresClusterTeardown))]

namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>
/// Stops and deletes the throw-away PostgreSQL cluster once every test has run, while the runner still waits for it.
/// Left to a process-exit handler, deleting the databases a full run created outlasted the seconds the runner
/// allows after the run, and a green run was reported as failed.
/// </summary>
public sealed class PostgresClusterTeardown : IAsyncDisposable
{
    public ValueTask DisposeAsync() => new(PostgresCluster.StopSharedAsync());
}
