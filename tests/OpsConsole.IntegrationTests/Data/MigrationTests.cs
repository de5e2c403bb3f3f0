using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OpsConsole.Data;

namespace OpsConsole.IntegrationTests.Data;

/// <summary>SQL Server cannot run on the test machines; its migrations are proved by generating and checking their script.</summary>
public sealed class MigrationTests
{
    private const string SqlServerConnection = "Server=localhost;Database=OpsConsole;Trusted_Connection=True;TrustServerCertificate=True";

    [Fact]
    public void GenerateScript_SqlServer_CreatesEverySchemaObjectIdempotently()
    {
        using var db = DesignTime.Create(DatabaseProvider.SqlServer, SqlServerConnection);
        var migrator = db.GetService<IMigrator>();

        var script = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct())
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }
        Assert.Contains("CREATE UNIQUE INDEX [IX_Events_EventKey] ON [Events] ([EventKey])", script);
        Assert.Contains("[Seq] bigint NOT NULL IDENTITY", script);
        Assert.Contains("[Amount] decimal(18,2) NULL", script);
        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("__EFMigrationsHistory", script);
        Assert.DoesNotContain("sqlite", script, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=:memory:")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=localhost;Database=opsconsole")]
    [InlineData(DatabaseProvider.SqlServer, SqlServerConnection)]
    public void Migrations_EveryProvider_MatchTheCurrentModel(DatabaseProvider provider, string connectionString)
    {
        using var db = DesignTime.Create(provider, connectionString);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations lag the model: add a migration for it.");
    }
}
