using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>
/// A throw-away <c>redis-server</c> started by the test itself on a free loopback port, nothing persisted, stopped on
/// dispose. Each user gets a server of its own, so live pushes and key rings of parallel tests never meet.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>Set (to 1) where a missing Redis must fail the run instead of skipping its tests, as in CI.</summary>
    public const string RequireVariable = "OPSCONSOLE_REQUIRE_REDIS";

    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The app's <c>ScaleOut:RedisConnectionString</c> for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>A running server; skips the test (fails it, where required) when redis-server is not installed.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var executable = await DebianPackages.EnsureAsync("redis-server", "redis-server");
        if (executable is null)
        {
            const string reason = "Redis unavailable: redis-server is not installed and could not be (apt-get install redis-server)";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail($"{reason} ({RequireVariable}=1 makes this a failure)");
            }
            Assert.Skip(reason);
        }
        // A port found free can be taken before the server binds it; another port is tried then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStartAsync(executable);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<RedisServer> TryStartAsync(string executable)
    {
        var port = FreePort();
        var directory = Path.Combine(Path.GetTempPath(), $"opsconsole-redis-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var a in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no" })
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (await server.AnswersPingAsync())
            {
                return server;
            }
            await Task.Delay(50);
        }
        await server.DisposeAsync();
        string log;
        lock (output)
        {
            log = output.ToString();
        }
        throw new InvalidOperationException($"redis-server did not answer on port {port}: {log}");
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            _process.Dispose();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
