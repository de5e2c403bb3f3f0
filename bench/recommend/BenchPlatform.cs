using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Recommendations;

namespace OpsConsole.Bench.Recommend;

/// <summary>When a cached platform was generated and what it holds, kept beside the file.</summary>
public sealed record CachedPlatform(DateTime WindowEnd, PlatformSummary Summary, double GenerationSeconds);

/// <summary>
/// The SQLite platform the app serves from. Generating it takes minutes, so it is kept in the cache directory and
/// copied for each run (the run writes impressions and a model into its copy). Its events end when it was generated,
/// and serving and training read the last days before the real clock, so a copy older than a few days is regenerated.
/// </summary>
public sealed class BenchPlatform(PlatformSpec spec, string cacheDirectory, double maxAgeDays)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<(string Path, CachedPlatform Platform)> PrepareAsync()
    {
        Directory.CreateDirectory(cacheDirectory);
        var path = Path.Combine(cacheDirectory, $"recommend-{spec.Key}-{SchemaVersion()}.db");
        var metaPath = path + ".json";
        if (File.Exists(path) && File.Exists(metaPath)
            && JsonSerializer.Deserialize<CachedPlatform>(await File.ReadAllTextAsync(metaPath), Json) is { } cached)
        {
            var age = DateTime.UtcNow - cached.WindowEnd;
            if (age.TotalDays <= maxAgeDays)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Using the cached platform {path} (events up to {cached.WindowEnd:yyyy-MM-dd HH:mm} UTC, {age.TotalHours:F0} h ago)."));
                return (path, cached);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"The cached platform's events end {age.TotalDays:F1} days ago (more than {maxAgeDays:F0}): generating it again."));
        }
        var building = path + ".building";
        DeleteDatabase(building);
        var end = DateTime.UtcNow.AddMinutes(-10);
        end = new DateTime(end.Ticks - end.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generating {spec.Learners:N0} learners x {spec.Items:N0} items over {spec.Days} days up to {end:yyyy-MM-dd HH:mm} UTC (seed {spec.Seed})..."));
        var clock = Stopwatch.StartNew();
        PlatformSummary summary;
        await using (var services = Services($"Data Source={building}"))
        {
            var contexts = services.GetRequiredService<IDbContextFactory<OpsDbContext>>();
            var database = services.GetRequiredService<DatabaseOptions>();
            await DatabaseMigrator.MigrateAsync(contexts, database, NullLogger.Instance);
            summary = await new PlatformGenerator(spec, end).WriteAsync(contexts, database, Console.WriteLine);
        }
        await ExecuteAsync($"Data Source={building}", "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
        SqliteConnection.ClearAllPools();
        var meta = new CachedPlatform(end, summary, clock.Elapsed.TotalSeconds);
        DeleteDatabase(path);
        File.Move(building, path);
        DeleteDatabase(building);
        await File.WriteAllTextAsync(metaPath, JsonSerializer.Serialize(meta, Json));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {summary.Events:N0} events, {summary.Orders:N0} orders, {summary.Memberships:N0} memberships in {meta.GenerationSeconds:F0} s."));
        return (path, meta);
    }

    /// <summary>The services the web app registers for data and recommendations, over one database file.</summary>
    public static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["ConnectionStrings:OpsConsole"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOpsData(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyService>();
        services.AddRecommendations();
        return services.BuildServiceProvider();
    }

    /// <summary>Trains a model version exactly as the retraining job does, and returns it with the wall time.</summary>
    public static async Task<(RecommenderModel Model, TimeSpan Elapsed)> TrainAsync(string connectionString)
    {
        await using var services = Services(connectionString);
        var trainer = services.GetRequiredService<RecommenderTrainer>();
        var clock = Stopwatch.StartNew();
        var model = await trainer.TrainAsync("benchmark", null, CancellationToken.None);
        return (model, clock.Elapsed);
    }

    /// <summary>
    /// Makes <paramref name="generator"/> rank the final lists of the active version instead of the holdout's choice,
    /// to measure serving with a given model (EASE's dense rows cost more per request than the sparse sequence model).
    /// </summary>
    public static async Task ForcePrimaryAsync(string connectionString, int version, string generator)
    {
        await using var services = Services(connectionString);
        var contexts = services.GetRequiredService<IDbContextFactory<OpsDbContext>>();
        var generators = services.GetRequiredService<RecommenderGenerators>();
        await using var db = await contexts.CreateDbContextAsync();
        var artifact = await db.RecommenderArtifacts.SingleAsync(a => a.ModelId == version);
        var bundle = ModelBundle.FromBytes(artifact.Content, generators.Find);
        if (!bundle.Models.ContainsKey(generator))
        {
            throw new BenchFailedException($"Model v{version} has no '{generator}' generator; it has {string.Join(", ", bundle.Models.Keys)}.");
        }
        artifact.Content = new ModelBundle(bundle.Version, generator, bundle.ItemIds, bundle.Models, bundle.ChannelPopularity, bundle.Reranker, bundle.RerankFeatures).ToBytes();
        var model = await db.RecommenderModels.SingleAsync(m => m.Id == version);
        model.Algorithm = generator;
        await db.SaveChangesAsync();
    }

    public static async Task<string> CreateApiKeyAsync(string connectionString)
    {
        await using var services = Services(connectionString);
        var created = await services.GetRequiredService<ApiKeyService>().CreateAsync("recommendation benchmark", ApiScopes.Recommend, "benchmark");
        return created.Secret;
    }

    public static void CopyDatabase(string from, string to)
    {
        DeleteDatabase(to);
        File.Copy(from, to);
    }

    public static void DeleteDatabase(string path)
    {
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(f);
        }
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Identifies the schema a cached database was generated under, so a new migration regenerates it.</summary>
    private static string SchemaVersion()
    {
        var options = new DbContextOptionsBuilder<OpsDbContext>();
        DataServiceCollectionExtensions.Configure(options, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        using var db = new OpsDbContext(options.Options);
        return db.Database.GetMigrations().Last().Split('_')[0];
    }
}
