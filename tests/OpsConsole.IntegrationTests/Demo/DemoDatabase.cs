using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Data;
using OpsConsole.Demo;

namespace OpsConsole.IntegrationTests.Demo;

/// <summary>A migrated SQLite file of its own with the demo generator wired exactly as the applications wire it.</summary>
internal sealed class DemoDatabase : IAsyncDisposable
{
    /// <summary>Every table the generator writes.</summary>
    public static readonly string[] Tables = ["Catalog", "Learners", "LearnerPii", "Events", "Orders", "Refunds", "Memberships", "Tickets"];

    private readonly ServiceProvider _services;

    private DemoDatabase(ServiceProvider services, string path)
    {
        _services = services;
        Path = path;
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    public IDbContextFactory<OpsDbContext> Contexts => _services.GetRequiredService<IDbContextFactory<OpsDbContext>>();

    public DemoPlatformGenerator Generator => _services.GetRequiredService<DemoPlatformGenerator>();

    public static string NewPath() => System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"opsconsole-demo-{Guid.NewGuid():N}.db");

    public static async Task<DemoDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var path = NewPath();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:OpsConsole"] = $"Data Source={path}",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOpsData(configuration);
        services.AddIngestion();
        services.AddDemo(configuration);
        var provider = services.BuildServiceProvider();
        await DatabaseMigrator.MigrateAsync(provider.GetRequiredService<IDbContextFactory<OpsDbContext>>(),
            provider.GetRequiredService<DatabaseOptions>(), NullLogger.Instance, cancellationToken);
        return new DemoDatabase(provider, path);
    }

    public static async Task<(DemoDatabase Database, DemoSummary Summary)> GenerateAsync(DemoRequest request, CancellationToken cancellationToken)
    {
        var database = await CreateAsync(cancellationToken);
        var summary = await database.Generator.GenerateAsync(request, null, cancellationToken);
        return (database, summary);
    }

    /// <summary>Row count and a SHA-256 over every value of every row (in key order), per table.</summary>
    public async Task<IReadOnlyDictionary<string, string>> DigestAsync(CancellationToken cancellationToken)
    {
        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(cancellationToken);
        foreach (var table in Tables)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? "\u2400" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                    hash.AppendData(Encoding.UTF8.GetBytes(value + "\u001f"));
                }
                hash.AppendData("\u001e"u8);
            }
            digests[table] = $"{rows}:{Convert.ToHexString(hash.GetHashAndReset())}";
        }
        return digests;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Delete(Path);
    }

    public static void Delete(string path)
    {
        SqliteConnection.ClearPool(new SqliteConnection($"Data Source={path}"));
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
