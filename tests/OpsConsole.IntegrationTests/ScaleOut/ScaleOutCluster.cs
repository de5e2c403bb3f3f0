using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.ScaleOut;

/// <summary>Which of the cluster's instances a service belongs to, so a job can say where it ran.</summary>
public sealed record InstanceName(string Name);

/// <summary>
/// Two instances of the console as a load balancer would see them: each on its own Kestrel port with its own
/// service provider, job server and SignalR hub, sharing only what a real deployment shares — one PostgreSQL
/// database (and the Hangfire storage in it) and one Redis of their own.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    private ScaleOutCluster(TestDatabase database, RedisServer redis, OpsConsoleApp a, OpsConsoleApp b)
    {
        Database = database;
        Redis = redis;
        A = a;
        B = b;
    }

    public TestDatabase Database { get; }
    public RedisServer Redis { get; }
    public OpsConsoleApp A { get; }
    public OpsConsoleApp B { get; }

    /// <summary>Starts both instances at once over <paramref name="database"/>, which the cluster then owns.</summary>
    public static async Task<ScaleOutCluster> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        RedisServer redis;
        try
        {
            redis = await RedisServer.StartAsync();
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
        var shared = new Dictionary<string, string?>
        {
            ["ScaleOut:RedisConnectionString"] = redis.ConnectionString,
            // Every node runs a job server, as the deployment guide has it; two workers each spare the shared cores.
            ["Jobs:Enabled"] = "true",
            ["Jobs:WorkerCount"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            shared[key] = value;
        }
        var a = Instance(database, shared, "A");
        var b = Instance(database, shared, "B");
        var cluster = new ScaleOutCluster(database, redis, a, b);
        try
        {
            // Started together, as after a deployment: both run their start-up steps against the same database at once.
            await Task.WhenAll(Task.Run(() => a.BaseAddress), Task.Run(() => b.BaseAddress));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    private static OpsConsoleApp Instance(TestDatabase database, IReadOnlyDictionary<string, string?> settings, string name) =>
        new(database, settings) { TestServices = services => services.AddSingleton(new InstanceName(name)) };

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(A.DisposeAsync().AsTask(), B.DisposeAsync().AsTask());
        await Redis.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>One cluster for the tests of a class, started by the first of them (so a missing server skips each test).</summary>
public sealed class ScaleOutClusterFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Task<ScaleOutCluster>? _cluster;

    public async Task<ScaleOutCluster> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _cluster ??= StartAsync();
        }
        finally
        {
            _gate.Release();
        }
        return await _cluster;
    }

    private static async Task<ScaleOutCluster> StartAsync() =>
        await ScaleOutCluster.StartAsync(await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql));

    public async ValueTask DisposeAsync()
    {
        if (_cluster is { IsCompletedSuccessfully: true } started)
        {
            await (await started).DisposeAsync();
        }
    }
}
