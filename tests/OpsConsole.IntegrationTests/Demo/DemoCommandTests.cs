using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OpsConsole.Cli;
using OpsConsole.Data;
using Spectre.Console;

namespace OpsConsole.IntegrationTests.Demo;

public sealed class DemoCommandTests : IDisposable
{
    private readonly string _path = DemoDatabase.NewPath();

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:OpsConsole"] = $"Data Source={_path}",
        }).Build();
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        var exit = await OpsCli.RunAsync(args, configuration, console);
        return (exit, output.ToString());
    }

    private async Task<int> CountLearnersAsync()
    {
        var options = new DbContextOptionsBuilder<OpsDbContext>().UseSqlite($"Data Source={_path}").Options;
        await using var db = new OpsDbContext(options);
        return await db.Learners.CountAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DemoGenerate_EmptyDatabase_MigratesWritesAndPrintsSummary()
    {
        var (exit, output) = await RunAsync("demo", "generate", "--learners", "120", "--days", "20", "--seed", "3", "--end-date", "2026-05-01");

        Assert.Equal(0, exit);
        foreach (var row in new[] { "Catalogue items", "Learners", "Events", "Orders", "Refunds", "Memberships", "Tickets", "Seconds" })
        {
            Assert.Contains(row, output);
        }
        Assert.Equal(120, await CountLearnersAsync());
    }

    [Fact]
    public async Task DemoGenerate_DatabaseWithLearners_RefusesWithoutForce()
    {
        await RunAsync("demo", "generate", "--learners", "50", "--days", "10", "--end-date", "2026-05-01");

        var (exit, output) = await RunAsync("demo", "generate", "--learners", "80", "--days", "10", "--end-date", "2026-05-01");

        Assert.NotEqual(0, exit);
        Assert.Contains("--force", output);
        Assert.Equal(50, await CountLearnersAsync());
    }

    [Fact]
    public async Task DemoGenerate_WithForce_ReplacesThePlatform()
    {
        await RunAsync("demo", "generate", "--learners", "50", "--days", "10", "--end-date", "2026-05-01");

        var (exit, _) = await RunAsync("demo", "generate", "--learners", "80", "--days", "10", "--end-date", "2026-05-01", "--force");

        Assert.Equal(0, exit);
        Assert.Equal(80, await CountLearnersAsync());
    }

    [Theory]
    [InlineData("--learners", "3")]
    [InlineData("--days", "2000")]
    [InlineData("--end-date", "31/05/2026")]
    public async Task DemoGenerate_InvalidOption_FailsWithoutCreatingData(string option, string value)
    {
        var (exit, output) = await RunAsync("demo", "generate", option, value);

        Assert.NotEqual(0, exit);
        Assert.False(string.IsNullOrWhiteSpace(output));
        Assert.False(File.Exists(_path) && await CountLearnersAsync() > 0);
    }

    public void Dispose() => DemoDatabase.Delete(_path);
}
