using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Data;

namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>An empty, migrated database of one provider: a temp SQLite file or a fresh database on the test cluster.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly ServiceProvider _services;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        Options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
        _services = new ServiceCollection().AddOpsData(Configuration).BuildServiceProvider();
        Contexts = _services.GetRequiredService<IDbContextFactory<OpsDbContext>>();
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public DatabaseOptions Options { get; }
    public IDbContextFactory<OpsDbContext> Contexts { get; }

    /// <summary>The settings a host needs to use this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:OpsConsole"] = ConnectionString,
    };

    public IConfiguration Configuration => new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();

    /// <summary>Creates and migrates the database; PostgreSQL rows skip (or fail, where required) when no server can start.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        TestDatabase database;
        if (provider == DatabaseProvider.PostgreSql)
        {
            var (cluster, unavailable) = await PostgresCluster.GetAsync();
            if (cluster is null)
            {
                var reason = $"PostgreSQL unavailable: {unavailable}";
                if (Environment.GetEnvironmentVariable(PostgresCluster.RequireVariable) == "1")
                {
                    Assert.Fail($"{reason} ({PostgresCluster.RequireVariable}=1 makes this a failure)");
                }
                Assert.Skip(reason);
            }
            database = new TestDatabase(provider, await cluster.CreateDatabaseAsync(), null);
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"opsconsole-test-{Guid.NewGuid():N}.db");
            database = new TestDatabase(provider, $"Data Source={file}", file);
        }
        if (migrate)
        {
            await DatabaseMigrator.MigrateAsync(database.Contexts, database.Options, NullLogger.Instance);
        }
        return database;
    }

    /// <summary>A new migrated database on a cluster of the test's own (see <see cref="PostgresCluster.StartPrivateAsync"/>).</summary>
    public static async Task<TestDatabase> CreateOnAsync(PostgresCluster cluster)
    {
        var database = new TestDatabase(DatabaseProvider.PostgreSql, await cluster.CreateDatabaseAsync(), null);
        await DatabaseMigrator.MigrateAsync(database.Contexts, database.Options, NullLogger.Instance);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Options.Provider == DatabaseProvider.PostgreSql)
        {
            // Each test database has its own pool; idle connections would otherwise stay open for minutes and, summed
            // over hundreds of databases, use up the server's connection slots.
            await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }
    }
}
