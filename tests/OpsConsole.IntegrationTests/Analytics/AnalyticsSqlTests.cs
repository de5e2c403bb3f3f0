using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class AnalyticsSqlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QueryAsync_Sqlite_RunsWithTemporaryStorageInMemoryAndHandsTheConnectionBackUnchanged()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = await db.Contexts.CreateDbContextAsync(Ct);
        var none = new Dictionary<string, object>();

        var during = await AnalyticsSql.QueryAsync(context, "PRAGMA temp_store", none, r => r.GetInt64(0), Ct);
        var after = await AnalyticsSql.QueryAsync(context, "SELECT 1", none, r => r.GetInt64(0), Ct);
        await context.Database.OpenConnectionAsync(Ct);
        await using var check = context.Database.GetDbConnection().CreateCommand();
        check.CommandText = "PRAGMA temp_store";
        var left = Convert.ToInt64(await check.ExecuteScalarAsync(Ct));

        // 2 is MEMORY; 0 is DEFAULT, what the connection had before.
        Assert.Equal(2L, Assert.Single(during));
        Assert.Equal(1L, Assert.Single(after));
        Assert.Equal(0L, left);
    }
}
