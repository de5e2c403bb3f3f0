using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Cli;

public sealed class CliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;


    [Theory, DatabaseProviders]
    public async Task DbMigrate_EmptyDatabase_CreatesSchemaAndRoles(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);

        var (exit, output) = await CliRunner.RunAsync(db.Configuration, "db", "migrate");

        Assert.Equal(0, exit);
        Assert.Contains("up to date", output);
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(await ctx.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(Roles.All.Order(), (await ctx.Roles.Select(r => r.Name!).ToListAsync(Ct)).Order());
    }

    [Theory, DatabaseProviders]
    public async Task ApiKeysCreate_WithScopes_PrintsTheWorkingKeyAloneOnTheLastLine(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        var (exit, output) = await CliRunner.RunAsync(db.Configuration, "apikeys", "create", "--name", "backend", "--scopes", "ingest,analytics");

        Assert.Equal(0, exit);
        var lastLine = output.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("ops_", lastLine);
        Assert.DoesNotContain(' ', lastLine);
        await using var app = new OpsConsoleApp(db);
        var key = await ((ApiKeyService)app.Services.GetService(typeof(ApiKeyService))!).FindActiveAsync(lastLine, Ct);
        Assert.NotNull(key);
        Assert.Equal(ApiScopes.Ingest | ApiScopes.Analytics, key.Scopes);
    }

    [Fact]
    public async Task ApiKeysCreate_UnknownScope_FailsNamingIt()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var (exit, output) = await CliRunner.RunAsync(db.Configuration, "apikeys", "create", "--name", "backend", "--scopes", "ingest,teleport");

        Assert.NotEqual(0, exit);
        Assert.Contains("teleport", output);
    }

    [Theory, DatabaseProviders]
    public async Task UsersCreate_FirstAdmin_CanSignIn(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        var (exit, _) = await CliRunner.RunAsync(db.Configuration, "users", "create", "--email", "root@example.com", "--role", "admin", "--password", "Long-enough-1");

        Assert.Equal(0, exit);
        await using var app = new OpsConsoleApp(db);
        var response = await OpsConsoleApp.SubmitLoginAsync(app.CreateRawClient(new System.Net.CookieContainer()), "root@example.com", "Long-enough-1");
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task UsersCreate_UnknownRole_FailsListingTheRoles()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var (exit, output) = await CliRunner.RunAsync(db.Configuration, "users", "create", "--email", "a@b.c", "--role", "wizard", "--password", "Long-enough-1");

        Assert.NotEqual(0, exit);
        Assert.Contains("SupportAgent", output);
    }

    [Theory, DatabaseProviders]
    public async Task ImportEvents_NdjsonWithBadLines_StoresGoodOnesAndReportsLineAndField(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var file = Path.Combine(Path.GetTempPath(), $"events-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllLinesAsync(file,
        [
            """{"eventId":"e-1","learnerId":"u-1","type":"login","occurredAt":"2026-05-01T10:00:00Z"}""",
            """{"eventId":"e-2","learnerId":"u-1","type":"purchase","occurredAt":"2026-05-01T10:05:00Z","amount":99}""",
            """{"eventId":"e-3","learnerId":"u-2","type":"purchase","occurredAt":"2026-05-01T10:06:00Z","amount":99,"currency":"CNY"}""",
            "not json",
            """{"eventId":"e-1","learnerId":"u-1","type":"login","occurredAt":"2026-05-01T10:00:00Z"}""",
        ], Ct);
        try
        {
            var (exit, output) = await CliRunner.RunAsync(db.Configuration, "import", "events", file);

            Assert.Equal(3, exit);
            Assert.Contains("2 accepted", output);
            Assert.Contains("1 duplicates", output);
            Assert.Contains("2 rejected", output);
            Assert.Matches(@"│\s*2\s*│\s*e-2\s*│\s*currency", output);
            Assert.Matches(@"│\s*4\s*│\s*│\s*\(record\)", output);
            await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
            Assert.Equal(2, await ctx.Events.CountAsync(Ct));
            Assert.Equal(2, await ctx.Quarantine.CountAsync(Ct));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ImportLearnersAndCatalog_Csv_UpsertsRowsAndRejectsBadOnes()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var learners = Path.Combine(Path.GetTempPath(), $"learners-{Guid.NewGuid():N}.csv");
        var catalog = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(learners, "id,signupAt,channel,email\nu-1,2026-01-01T00:00:00Z,wechat,a@example.com\nu-2,2026-01-02T00:00:00Z,ads,broken-email\n", Ct);
        await File.WriteAllTextAsync(catalog, "id,title,kind,topic,tags,price\nc-1,\"Rust, the hard parts\",course,rust,rust|async,399\nc-2,Free intro,article,ai,,-1\n", Ct);
        try
        {
            var (learnersExit, learnersOutput) = await CliRunner.RunAsync(db.Configuration, "import", "learners", learners);
            var (catalogExit, catalogOutput) = await CliRunner.RunAsync(db.Configuration, "import", "catalog", catalog);

            Assert.Equal((3, 3), (learnersExit, catalogExit));
            Assert.Matches(@"│\s*3\s*│\s*u-2\s*│\s*email", learnersOutput);
            Assert.Matches(@"│\s*3\s*│\s*c-2\s*│\s*price", catalogOutput);
            await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
            var learner = await ctx.Learners.Include(l => l.Pii).SingleAsync(Ct);
            Assert.Equal(("u-1", "wechat", "a@example.com"), (learner.Id, learner.Channel, learner.Pii!.Email));
            var item = await ctx.Catalog.SingleAsync(Ct);
            Assert.Equal(("Rust, the hard parts", "rust,async", 399m), (item.Title, item.Tags, item.Price));
        }
        finally
        {
            File.Delete(learners);
            File.Delete(catalog);
        }
    }

    [Theory]
    [InlineData("Oracle", "Data Source=x.db", "Database:Provider 'Oracle' is not supported")]
    [InlineData("Sqlite", "", "ConnectionStrings:OpsConsole is empty")]
    public async Task AnyCommand_BadDatabaseSettings_StopsWithAClearMessage(string provider, string connection, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:OpsConsole"] = connection,
        }).Build();

        var (exit, output) = await CliRunner.RunAsync(configuration, "db", "migrate");

        Assert.Equal(2, exit);
        Assert.Contains(message, output);
    }
}
