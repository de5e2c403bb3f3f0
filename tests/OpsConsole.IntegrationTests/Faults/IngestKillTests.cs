using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Faults;

/// <summary>
/// The console process is killed with SIGKILL in the middle of a large ingest, started again on the same database, and
/// the client retries what was not acknowledged: every acknowledged event is stored exactly once, and after the retries
/// every event is.
/// </summary>
public sealed class IngestKillTests
{
    private const int Batches = 120;
    private const int BatchSize = 500;
    private const int Senders = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseProviders]
    public async Task Ingest_ProcessKilledMidway_AcknowledgedEventsStoredExactlyOnceAndRetriesComplete(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        string key;
        await using (var setup = new OpsConsoleApp(db))
        {
            key = await setup.CreateApiKeyAsync(ApiScopes.Ingest, "kill-test");
        }
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var acknowledged = new ConcurrentDictionary<int, bool>();

        var first = StartConsole(db, port);
        try
        {
            await WaitUntilUpAsync(client, first);
            using var kill = new CancellationTokenSource();
            var senders = Enumerable.Range(0, Senders).Select(s => SendAsync(client, s, acknowledged, kill.Token)).ToArray();
            // Kill once a good part is in, while the other senders still have batches in flight.
            while (acknowledged.Count < Batches / 4) await Task.Delay(20, Ct);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync(Ct);
            await kill.CancelAsync();
            await Task.WhenAll(senders);
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
        }
        var beforeRestart = acknowledged.Keys.ToHashSet();
        Assert.InRange(beforeRestart.Count, Batches / 4, Batches - 1);

        await using (var store = await db.Contexts.CreateDbContextAsync(Ct))
        {
            var stored = await CountsAsync(store);
            // Every batch acknowledged before the kill is whole and single; what was cut off may be absent, never doubled.
            Assert.All(beforeRestart.SelectMany(EventIds), id => Assert.Equal(1, stored.GetValueOrDefault(id)));
            Assert.All(stored, pair => Assert.Equal(1, pair.Value));
        }

        var second = StartConsole(db, port);
        try
        {
            await WaitUntilUpAsync(client, second);
            // The client retries everything it has no acknowledgement for, as a real sender would.
            foreach (var batch in Enumerable.Range(0, Batches).Where(b => !acknowledged.ContainsKey(b)))
            {
                var response = await client.PostAsync("/api/v1/events", Body(batch), Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                acknowledged[batch] = true;
            }
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync(Ct);
        }

        await using var read = await db.Contexts.CreateDbContextAsync(Ct);
        var final = await CountsAsync(read);
        Assert.Equal(Batches * BatchSize, final.Count);
        Assert.All(final, pair => Assert.Equal(1, pair.Value));
    }

    private static async Task SendAsync(HttpClient client, int sender, ConcurrentDictionary<int, bool> acknowledged, CancellationToken stop)
    {
        for (var batch = sender; batch < Batches && !stop.IsCancellationRequested; batch += Senders)
        {
            try
            {
                var response = await client.PostAsync("/api/v1/events", Body(batch), stop);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged[batch] = true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                return;
            }
        }
    }

    private static IEnumerable<string> EventIds(int batch) => Enumerable.Range(0, BatchSize).Select(i => $"kill-{batch:D4}-{i:D4}");

    private static StringContent Body(int batch)
    {
        var at = new DateTime(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);
        var lines = EventIds(batch).Select((id, i) =>
            $$"""{"eventId":"{{id}}","learnerId":"k-{{(batch * BatchSize + i) % 997}}","type":"lesson_progress","occurredAt":"{{at.AddSeconds(batch * BatchSize + i):O}}","itemId":"c-{{i % 40}}"}""");
        return new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
    }

    private static async Task<Dictionary<string, int>> CountsAsync(OpsDbContext db) =>
        await db.Events.Where(e => e.EventId.StartsWith("kill-")).GroupBy(e => e.EventId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, Ct);

    /// <summary>The console as its own process, on the test's database, as an operator would run it.</summary>
    private static Process StartConsole(TestDatabase db, int port)
    {
        var web = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(web)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { web, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = db.Provider.ToString();
        start.Environment["ConnectionStrings__OpsConsole"] = db.ConnectionString;
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["Jobs__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The console did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilUpAsync(HttpClient client, Process process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"The console exited with code {(process.HasExited ? process.ExitCode : 0)} while starting.");
            try
            {
                if ((await client.GetAsync("/health", Ct)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250, Ct);
        }
        Assert.Fail("The console did not answer /health within two minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
