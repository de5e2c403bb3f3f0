using System.Reflection;
using OpsConsole.Data;
using Xunit.Sdk;
using Xunit.v3;

namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a theory once per database provider that can run on a test machine: SQLite and PostgreSQL.
/// (SQL Server cannot run here; its migrations are checked by script generation instead.)
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseProvidersAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new([new TheoryDataRow(DatabaseProvider.Sqlite), new TheoryDataRow(DatabaseProvider.PostgreSql)]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
