using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Demo;

public sealed class DemoCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;


    private static async Task<int> CountLearnersAsync(TestDatabase database)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        return await db.Learners.CountAsync(Ct);
    }

    [Fact]
    public async Task DemoGenerate_NewDatabase_MigratesWritesAndPrintsSummary()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);

        var (exit, output) = await CliRunner.RunAsync(database.Configuration, "demo", "generate", "--learners", "120", "--days", "20", "--seed", "3", "--end-date", "2026-05-01");

        Assert.Equal(0, exit);
        foreach (var row in new[] { "Catalogue items", "Learners", "Events", "Orders", "Refunds", "Memberships", "Tickets", "Seconds" })
        {
            Assert.Contains(row, output);
        }
        Assert.Equal(120, await CountLearnersAsync(database));
    }

    [Fact]
    public async Task DemoGenerate_DatabaseWithLearners_RefusesWithoutForce()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await CliRunner.RunAsync(database.Configuration, "demo", "generate", "--learners", "50", "--days", "10", "--end-date", "2026-05-01");

        var (exit, output) = await CliRunner.RunAsync(database.Configuration, "demo", "generate", "--learners", "80", "--days", "10", "--end-date", "2026-05-01");

        Assert.NotEqual(0, exit);
        Assert.Contains("--force", output);
        Assert.Equal(50, await CountLearnersAsync(database));
    }

    [Fact]
    public async Task DemoGenerate_WithForce_ReplacesThePlatform()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await CliRunner.RunAsync(database.Configuration, "demo", "generate", "--learners", "50", "--days", "10", "--end-date", "2026-05-01");

        var (exit, _) = await CliRunner.RunAsync(database.Configuration, "demo", "generate", "--learners", "80", "--days", "10", "--end-date", "2026-05-01", "--force");

        Assert.Equal(0, exit);
        Assert.Equal(80, await CountLearnersAsync(database));
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        // Nothing of the first platform survives next to the second: its orders all belong to the new learners.
        var learners = await db.Learners.Select(l => l.Id).ToListAsync(Ct);
        Assert.All(await db.Orders.Select(o => o.LearnerId).ToListAsync(Ct), id => Assert.Contains(id, learners));
    }

    [Theory]
    [InlineData("--learners", "3")]
    [InlineData("--days", "2000")]
    [InlineData("--end-date", "31/05/2026")]
    public async Task DemoGenerate_InvalidOption_FailsWithoutWriting(string option, string value)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var (exit, output) = await CliRunner.RunAsync(database.Configuration, "demo", "generate", option, value);

        Assert.NotEqual(0, exit);
        Assert.Contains(option.TrimStart('-').Replace("-date", " date", StringComparison.Ordinal).Split(' ')[0], output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await CountLearnersAsync(database));
    }
}
