using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Demo;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Churn;

/// <summary>The hand-written day counts and the LINQ ones (the path SQL Server takes) give the same snapshots.</summary>
public sealed class ChurnQueryAgreementTests
{
    [Theory]
    [DatabaseProviders]
    public async Task BuildAsync_ReadThroughLinq_GivesTheSameFeaturesAcrossAClockChange(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        // Berlin moves its clocks on 29 March, inside the window.
        var (database, _) = await DemoData.GenerateAsync(new DemoRequest(200, 60, 3, new DateOnly(2026, 4, 20)), provider);
        await using var owned = database;
        var w = new ChurnWorld(database, "Europe/Berlin");
        var asOf = new DateOnly(2026, 4, 10);

        var sql = await w.Builder().BuildAsync(asOf, ct);
        var linq = await w.Builder(linq: true).BuildAsync(asOf, ct);

        Assert.NotEmpty(sql);
        Assert.Equal(sql, linq);
    }
}
