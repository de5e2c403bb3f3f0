using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Web.Hosting;

namespace OpsConsole.IntegrationTests.Faults;

/// <summary>
/// The database's health answer under load and during an outage: a busy pool is not a missing database, and a known-good
/// database costs a probe nothing.
/// </summary>
public sealed class DatabaseProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider Services(DatabaseProvider provider, string connectionString) => new ServiceCollection()
        .AddOpsData(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:OpsConsole"] = connectionString,
        }).Build())
        .BuildServiceProvider();

    [Fact]
    public async Task ReachAsync_EveryPooledConnectionBusy_ReportsReachable()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var services = Services(DatabaseProvider.PostgreSql, db.ConnectionString + ";Maximum Pool Size=1;Timeout=2");
        var contexts = services.GetRequiredService<IDbContextFactory<OpsDbContext>>();
        await using var holder = await contexts.CreateDbContextAsync(Ct);
        await holder.Database.OpenConnectionAsync(Ct);
        await using var waiter = await contexts.CreateDbContextAsync(Ct);
        var pooledOpen = await Record.ExceptionAsync(() => waiter.Database.OpenConnectionAsync(Ct));

        var result = await new DatabaseProbe(contexts).ReachAsync(Ct);

        Assert.NotNull(pooledOpen);
        Assert.True(result.Reachable, result.Error?.ToString());
    }

    [Fact]
    public async Task ReachAsync_ServerRefusesForWantOfSlots_ReportsReachable()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var role = $"probe_{Guid.NewGuid():N}"[..20];
        await using (var admin = new Npgsql.NpgsqlConnection(db.ConnectionString))
        {
            await admin.OpenAsync(Ct);
            await using var create = new Npgsql.NpgsqlCommand($"CREATE ROLE {role} LOGIN CONNECTION LIMIT 1", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }
        var asRole = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role, Password = null };
        await using var services = Services(DatabaseProvider.PostgreSql, asRole.ConnectionString);
        var contexts = services.GetRequiredService<IDbContextFactory<OpsDbContext>>();
        await using var holder = await contexts.CreateDbContextAsync(Ct);
        await holder.Database.OpenConnectionAsync(Ct);

        var result = await new DatabaseProbe(contexts).ReachAsync(Ct);

        Assert.True(result.Reachable);
        Assert.False(result.Busy);
        Assert.Equal(Npgsql.PostgresErrorCodes.TooManyConnections, Assert.IsType<Npgsql.PostgresException>(result.Error).SqlState);
    }

    [Fact]
    public async Task ReachAsync_NoServerListening_ReportsUnreachableWithTheError()
    {
        await using var services = Services(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2");

        var result = await new DatabaseProbe(services.GetRequiredService<IDbContextFactory<OpsDbContext>>()).ReachAsync(Ct);

        Assert.False(result.Reachable);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task CheckHealthAsync_KnownReachable_AnswersWithoutAskingTheServer()
    {
        await using var services = Services(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2");
        var status = new DatabaseStatus(TimeProvider.System);
        var check = new DatabaseHealthCheck(status, new DatabaseProbe(services.GetRequiredService<IDbContextFactory<OpsDbContext>>()));

        var whileUp = await check.CheckHealthAsync(new HealthCheckContext(), Ct);
        status.ReportDown();
        var whileDown = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(HealthStatus.Healthy, whileUp.Status);
        Assert.Equal(HealthStatus.Unhealthy, whileDown.Status);
        Assert.False(status.Available);
    }

    [Theory, DatabaseProviders]
    public async Task CheckHealthAsync_ReportedDownButServerAnswers_ReportsHealthyAndUp(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var status = new DatabaseStatus(TimeProvider.System);
        status.ReportDown();
        var check = new DatabaseHealthCheck(status, new DatabaseProbe(db.Contexts));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.True(status.Available);
    }
}
