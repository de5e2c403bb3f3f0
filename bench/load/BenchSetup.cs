using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.Recommendations;
using OpsConsole.Support;

namespace OpsConsole.Bench.Load;

/// <summary>The keys, accounts and ids the load needs, made before the app starts.</summary>
public sealed record BenchWorld(
    string IngestKey, string RecommendKey, string TicketsKey,
    IReadOnlyList<string> AgentIds, string OperatorEmail,
    string[] LearnerIds, string[] ItemIds, int ModelVersion, string ModelAlgorithm, DemoSummary Demo);

/// <summary>
/// A fresh database the app serves from: migrated, filled with a small demo platform by the product's own generator,
/// a recommender model trained by the retraining job's code, three API keys (one per sender, as the platform, the
/// recommendation slots and the help widget would each hold their own), the support agents and an operator account.
/// </summary>
public static class BenchSetup
{
    public const string Password = "Load-Bench-Password-9";

    public static async Task<string> FreshDatabaseAsync(DatabaseProvider provider, string workDirectory, string? postgresServer)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(workDirectory, "load-bench.db");
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
            return $"Data Source={file}";
        }
        const string name = "load_bench";
        await using (var connection = new NpgsqlConnection(postgresServer))
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", $"CREATE DATABASE {name}" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        return new NpgsqlConnectionStringBuilder(postgresServer) { Database = name }.ConnectionString;
    }

    public static async Task<BenchWorld> PrepareAsync(DatabaseProvider provider, string connectionString, BenchOptions options)
    {
        await using var services = Services(provider, connectionString);
        var contexts = services.GetRequiredService<IDbContextFactory<OpsDbContext>>();
        var database = services.GetRequiredService<DatabaseOptions>();
        await DatabaseMigrator.MigrateAsync(contexts, database, NullLogger.Instance);

        var clock = Stopwatch.StartNew();
        var end = DemoPlatformGenerator.DefaultEndDate(TimeProvider.System);
        var demo = await new DemoPlatformGenerator(contexts, database).GenerateAsync(new DemoRequest(options.Learners, options.Days, options.Seed, end));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Demo platform: {demo.Learners:N0} learners, {demo.CatalogItems:N0} items, {demo.Events:N0} events, {demo.Tickets:N0} tickets over {options.Days} days to {end:yyyy-MM-dd}, generated in {clock.Elapsed.TotalSeconds:F1} s."));

        clock.Restart();
        var model = await services.GetRequiredService<RecommenderTrainer>().TrainAsync("load benchmark", null, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Recommender v{model.Id} trained by the retraining job's code in {clock.Elapsed.TotalSeconds:F1} s; {model.Algorithm} ranks the lists."));

        var keys = services.GetRequiredService<ApiKeyService>();
        var ingestKey = (await keys.CreateAsync("load-bench platform", ApiScopes.Ingest, "bench")).Secret;
        var recommendKey = (await keys.CreateAsync("load-bench recommendation slots", ApiScopes.Recommend, "bench")).Secret;
        var ticketsKey = (await keys.CreateAsync("load-bench help widget", ApiScopes.Tickets, "bench")).Secret;

        var agentIds = Enumerable.Range(1, options.Agents).Select(i => $"agent{i:D2}@load.opsconsole.local").ToList();
        const string operatorEmail = "operator@load.opsconsole.local";
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
            foreach (var id in agentIds)
            {
                await users.CreateAsync(id, Roles.SupportAgent, Password, $"Load Agent {id[5..7]}");
            }
            await users.CreateAsync(operatorEmail, Roles.Operator, Password, "Load Operator");
        }

        await using (var db = await contexts.CreateDbContextAsync())
        {
            // The demo's own agents are nobody's open tab here: take them off the desk so every ticket goes to an agent
            // the benchmark holds a connection for.
            await db.SupportAgents.ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AgentStatus.Offline));
            var now = DateTime.UtcNow;
            // Every agent takes any intent in both languages, with room for every ticket of the run: the figure is the push,
            // not who gets it (the support benchmark measures routing by skill).
            db.SupportAgents.AddRange(agentIds.Select(id => new SupportAgent
            {
                Id = id, Name = $"Load Agent {id[5..7]}", Intents = "*", Languages = "en zh", Capacity = options.AgentCapacity,
                Status = AgentStatus.Online, StatusChangedAt = now,
            }));
            await db.SaveChangesAsync();
        }

        string[] learners, items;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            learners = await db.Learners.AsNoTracking().OrderBy(l => l.Id).Select(l => l.Id).ToArrayAsync();
            items = await db.Catalog.AsNoTracking().OrderBy(i => i.Id).Select(i => i.Id).ToArrayAsync();
        }
        ClearPools();
        return new BenchWorld(ingestKey, recommendKey, ticketsKey, agentIds, operatorEmail, learners, items, model.Id, model.Algorithm, demo);
    }

    /// <summary>Rows in Events whose session id carries the run's prefix: what the load's own batches stored.</summary>
    public static async Task<long> CountStoredAsync(DatabaseProvider provider, string connectionString, string sessionPrefix)
    {
        await using var services = Services(provider, connectionString);
        await using var db = await services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var count = await db.Events.LongCountAsync(e => e.SessionId != null && e.SessionId.StartsWith(sessionPrefix));
        ClearPools();
        return count;
    }

    private static ServiceProvider Services(DatabaseProvider provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:OpsConsole"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddOpsData(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddAccess();
        services.AddRecommendations();
        return services.BuildServiceProvider();
    }

    private static void ClearPools()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }
}
