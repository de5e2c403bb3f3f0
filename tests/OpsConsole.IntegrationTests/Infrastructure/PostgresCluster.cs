using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL cluster started by the test run itself (initdb + pg_ctl on a free loopback port),
/// shared by every test of the assembly and removed at the end. PostgreSQL refuses to run as root, so when
/// the tests run as root the cluster runs as the <c>postgres</c> user through <c>runuser</c>.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Set (to 1) where a missing PostgreSQL must fail the run instead of skipping its rows, as in CI.</summary>
    public const string RequireVariable = "OPSCONSOLE_REQUIRE_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresCluster? _instance;
    private static string? _unavailable;

    private readonly string _directory;
    private readonly string _pgCtl;
    private readonly bool _asPostgresUser;
    private int _databases;

    private PostgresCluster(string directory, string pgCtl, bool asPostgresUser, int port)
    {
        _directory = directory;
        _pgCtl = pgCtl;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    /// <summary>The shared cluster, or null with the reason it cannot run here.</summary>
    public static async Task<(PostgresCluster? Cluster, string? Unavailable)> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_instance is null && _unavailable is null)
            {
                try
                {
                    _instance = await StartAsync();
                    // Only a fallback: the runner allows a few seconds after the run for exit handlers, and removing a
                    // cluster that a whole run filled with databases can take longer. The assembly fixture stops it first.
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => _instance?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                catch (Exception ex)
                {
                    _unavailable = ex.Message;
                }
            }
            return (_instance, _unavailable);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new empty database on the shared cluster, so tests never see each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        // Cut to stay well inside PostgreSQL's 63-byte names; short process ids give names under 40 characters.
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 40)];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var initdb = FindTool("initdb") ?? throw new InvalidOperationException("PostgreSQL is not installed (initdb not found on PATH or under /usr/lib/postgresql).");
        var pgCtl = FindTool("pg_ctl") ?? throw new InvalidOperationException("pg_ctl not found.");
        var asPostgresUser = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), $"opsconsole-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(directory);
        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", directory], asPostgresUser: false);
        }
        var data = Path.Combine(directory, "data");
        await RunAsync(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"], asPostgresUser);
        var port = FreePort();
        var cluster = new PostgresCluster(directory, pgCtl, asPostgresUser, port);
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>
    /// A cluster of the caller's own, for a test that stops and starts the server (the shared one must stay up for
    /// every other test). Dispose it at the end.
    /// </summary>
    public static async Task<PostgresCluster> StartPrivateAsync()
    {
        try
        {
            return await StartAsync();
        }
        catch (InvalidOperationException e)
        {
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail($"PostgreSQL unavailable: {e.Message} ({RequireVariable}=1 makes this a failure)");
            }
            Assert.Skip($"PostgreSQL unavailable: {e.Message}");
            throw;
        }
    }

    /// <summary>Starts (or starts again, on the same port and data) the server.</summary>
    public Task StartServerAsync()
    {
        var options = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500";
        return RunAsync(_pgCtl, ["-D", Path.Combine(_directory, "data"), "-o", options, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start"], _asPostgresUser);
    }

    /// <summary>Stops the server as an outage would look to clients: connections are cut, new ones are refused.</summary>
    public Task StopServerAsync() => RunAsync(_pgCtl, ["-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop"], _asPostgresUser);

    /// <summary>Stops and removes the shared cluster if this run started one.</summary>
    public static async Task StopSharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_instance is { } cluster)
            {
                await cluster.DisposeAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Directory.Exists(_directory))
        {
            return;
        }
        try
        {
            NpgsqlConnection.ClearAllPools();
            if (File.Exists(Path.Combine(_directory, "data", "postmaster.pid")))
            {
                await RunAsync(_pgCtl, ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser);
            }
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string? FindTool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        const string debianRoot = "/usr/lib/postgresql";
        return Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot).OrderDescending().Select(d => Path.Combine(d, "bin", name)).FirstOrDefault(File.Exists)
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgresUser)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgresUser)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
