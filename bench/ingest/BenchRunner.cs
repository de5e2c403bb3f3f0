using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Bench.Ingest;

/// <summary>One load. <paramref name="Cpu"/> is the CPU of the process doing the work where it can be read (the app, or this process for in-process layers; a database server's own CPU is not in it).</summary>
public sealed record Measurement(string Layer, int Events, TimeSpan Elapsed, long? PeakWorkingSet = null, TimeSpan? Cpu = null)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
}

public enum BenchLayer
{
    Raw,
    RawIndexed,
    Parse,
    Store,
    Service,
    Http,
}

public sealed class ProviderResult(string provider)
{
    public string Provider => provider;
    public Measurement? Raw { get; set; }
    public Measurement? RawIndexed { get; set; }
    public Measurement? Parse { get; set; }
    public Measurement? Store { get; set; }
    public Measurement? Service { get; set; }
    public Measurement? Http { get; set; }
}

/// <summary>Runs each layer on a fresh database and checks the store holds exactly what was sent.</summary>
public sealed class BenchRunner(BenchOptions options, int expectedLearners)
{
    public const string HttpLayer = "HTTP API (web app process)";
    public const string ServiceLayer = "IngestionService in-process";
    public const string StoreLayer = "EventStore.AppendAsync only";
    public const string ParseLayer = "NDJSON read + validate, no DB";

    public async Task<ProviderResult> RunAsync(BenchDatabase db, string ndjsonPath, string csvPath)
    {
        var batches = Batches.Read(ndjsonPath, options.BatchSize, options.Events);
        Console.WriteLine($"{db.Name}: {batches.Count} batches of up to {options.BatchSize:N0} events.");
        var result = new ProviderResult(db.Name);

        if (options.Runs(BenchLayer.Raw))
        {
            var rawDb = await db.CreateAsync("bench_raw");
            var rawTime = await db.RawLoadAsync(csvPath, rawDb, indexed: false);
            await ExpectCountAsync(db, rawDb, "bare", options.Events, db.LoaderName);
            result.Raw = Progress(db, new Measurement(db.LoaderName, options.Events, rawTime));
        }
        if (options.Runs(BenchLayer.RawIndexed))
        {
            var rawDb = await db.CreateAsync("bench_raw_indexed");
            var rawTime = await db.RawLoadAsync(csvPath, rawDb, indexed: true);
            await ExpectCountAsync(db, rawDb, "bare", options.Events, db.LoaderName);
            result.RawIndexed = Progress(db, new Measurement($"{db.LoaderName}, Events indexes", options.Events, rawTime));
        }
        if (options.Runs(BenchLayer.Parse))
        {
            result.Parse = Progress(db, ParseOnly(batches));
        }
        if (options.Runs(BenchLayer.Store))
        {
            result.Store = Progress(db, await StoreOnlyAsync(db, batches));
        }
        if (options.Runs(BenchLayer.Service))
        {
            result.Service = Progress(db, await ServiceAsync(db, batches));
        }
        if (options.Runs(BenchLayer.Http))
        {
            var (http, httpDb) = await HttpAsync(db, batches, "bench_http");
            result.Http = Progress(db, http);
            var learners = await db.CountAsync(httpDb, "Learners");
            if (learners != expectedLearners)
            {
                throw new BenchFailedException($"{db.Name}: {learners:N0} learners stored, {expectedLearners:N0} expected.");
            }
        }
        return result;
    }

    /// <summary>HTTP only, a few batch sizes over the first events, to choose the batch size the main run uses.</summary>
    public async Task SweepAsync(IReadOnlyList<BenchDatabase> databases, string ndjsonPath)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Batch-size sweep over the API, {options.SweepEvents:N0} events each, concurrency {options.Concurrency}:"));
        Console.WriteLine($"{"provider",-11} {"batch",8} {"requests",9} {"seconds",8} {"events/s",10} {"app peak WS",12}");
        foreach (var db in databases)
        {
            foreach (var size in options.SweepBatchSizes)
            {
                var batches = Batches.Read(ndjsonPath, size, options.SweepEvents);
                var (m, _) = await HttpAsync(db, batches, $"bench_sweep_{size}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{db.Name,-11} {size,8:N0} {batches.Count,9:N0} {m.Elapsed.TotalSeconds,8:F1} {m.EventsPerSecond,10:N0} {Report.Mib(m.PeakWorkingSet),12}"));
            }
        }
    }

    private async Task<(Measurement, string)> HttpAsync(BenchDatabase db, IReadOnlyList<Batch> batches, string label)
    {
        var connectionString = await db.CreateAsync(label);
        var logPath = Path.Combine(options.WorkDirectory, $"{label}-{db.Provider}.log");
        await using var app = await WebAppProcess.StartAsync(options.WebAppDll, db.Provider, connectionString, logPath);
        string secret;
        await using (var services = Services(db.Provider, connectionString))
        {
            secret = (await services.GetRequiredService<ApiKeyService>().CreateAsync("bench", ApiScopes.Ingest, createdBy: null)).Secret;
        }
        ClearPools();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(1, options.Concurrency) })
        {
            BaseAddress = app.Address,
            Timeout = TimeSpan.FromMinutes(10),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", secret);
        var cpuBefore = app.CpuTime();
        var next = -1;
        var accepted = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Concurrency)).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < batches.Count)
            {
                var batch = batches[i];
                using var content = new ByteArrayContent(batch.Bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
                using var response = await http.PostAsync("api/v1/events", content);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new BenchFailedException($"{db.Name}: batch {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                var reply = await response.Content.ReadFromJsonAsync<IngestReply>(JsonSerializerOptions.Web)
                    ?? throw new BenchFailedException("Empty response.");
                if (reply.Accepted != batch.Count || reply.Rejected.Length > 0)
                {
                    throw new BenchFailedException($"{db.Name}: batch {i} accepted {reply.Accepted} of {batch.Count}; first rejection: {reply.Rejected.FirstOrDefault()}");
                }
                Interlocked.Add(ref accepted, reply.Accepted);
            }
        }));
        clock.Stop();
        var cpu = app.CpuTime() - cpuBefore;
        var peak = app.PeakWorkingSet();
        var expected = batches.Sum(b => b.Count);
        await ExpectCountAsync(db, connectionString, "Events", expected, HttpLayer);
        return (new Measurement(HttpLayer, expected, clock.Elapsed, peak, cpu), connectionString);
    }

    /// <summary>CPU this process has used; on a shared machine it moves far less than wall time.</summary>
    private static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>The same NDJSON bodies handed to <see cref="IngestionService"/> directly: parsing, validation and the store, without Kestrel and auth.</summary>
    private async Task<Measurement> ServiceAsync(BenchDatabase db, IReadOnlyList<Batch> batches)
    {
        var connectionString = await db.CreateAsync("bench_service");
        await using var services = Services(db.Provider, connectionString);
        await MigrateAsync(services);
        var ingestion = services.GetRequiredService<IngestionService>();
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            var result = await ingestion.IngestAsync(BatchReader.ReadNdjson(batch.Bytes), "bench");
            if (result.Accepted != batch.Count)
            {
                throw new BenchFailedException($"{db.Name}: IngestionService accepted {result.Accepted} of {batch.Count}.");
            }
        }
        clock.Stop();
        cpu = Cpu() - cpu;
        ClearPools();
        await ExpectCountAsync(db, connectionString, "Events", batches.Sum(b => b.Count), ServiceLayer);
        return new Measurement(ServiceLayer, batches.Sum(b => b.Count), clock.Elapsed, Cpu: cpu);
    }

    /// <summary>What the API does to a body before the store sees it, without any database: the CPU share of ingestion.</summary>
    private static Measurement ParseOnly(IReadOnlyList<Batch> batches)
    {
        var parser = new EventParser(TimeProvider.System);
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        var valid = 0;
        foreach (var batch in batches)
        {
            foreach (var record in BatchReader.ReadNdjson(batch.Bytes))
            {
                if (record.Json is { } json && parser.TryParse(json, record.Index, out _, out _))
                {
                    valid++;
                }
            }
        }
        clock.Stop();
        cpu = Cpu() - cpu;
        var expected = batches.Sum(b => b.Count);
        if (valid != expected)
        {
            throw new BenchFailedException($"{valid:N0} of {expected:N0} generated events passed validation.");
        }
        return new Measurement(ParseLayer, expected, clock.Elapsed, Cpu: cpu);
    }

    /// <summary>Only the write: batches are parsed beforehand, outside the clock.</summary>
    private async Task<Measurement> StoreOnlyAsync(BenchDatabase db, IReadOnlyList<Batch> batches)
    {
        var connectionString = await db.CreateAsync("bench_store");
        await using var services = Services(db.Provider, connectionString);
        await MigrateAsync(services);
        var parser = services.GetRequiredService<EventParser>();
        var store = services.GetRequiredService<EventStore>();
        var elapsed = TimeSpan.Zero;
        var cpu = TimeSpan.Zero;
        foreach (var batch in batches)
        {
            var events = new List<BehaviorEvent>(batch.Count);
            foreach (var record in BatchReader.ReadNdjson(batch.Bytes))
            {
                if (!parser.TryParse(record.Json!.Value, record.Index, out var parsed, out var rejection))
                {
                    throw new BenchFailedException($"Generated event rejected: {rejection}");
                }
                events.Add(parsed!);
            }
            var cpuBefore = Cpu();
            var clock = Stopwatch.StartNew();
            await store.AppendAsync(events);
            elapsed += clock.Elapsed;
            cpu += Cpu() - cpuBefore;
        }
        ClearPools();
        await ExpectCountAsync(db, connectionString, "Events", batches.Sum(b => b.Count), StoreLayer);
        return new Measurement(StoreLayer, batches.Sum(b => b.Count), elapsed, Cpu: cpu);
    }

    private static ServiceProvider Services(DatabaseProvider provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:OpsConsole"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOpsData(configuration);
        services.AddIngestion();
        services.AddSingleton<ApiKeyService>();
        return services.BuildServiceProvider();
    }

    private static async Task MigrateAsync(IServiceProvider services) =>
        await DatabaseMigrator.MigrateAsync(services.GetRequiredService<IDbContextFactory<OpsDbContext>>(),
            services.GetRequiredService<DatabaseOptions>(), NullLogger.Instance);

    private static void ClearPools()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task ExpectCountAsync(BenchDatabase db, string connectionString, string table, long expected, string layer)
    {
        var count = await db.CountAsync(connectionString, table);
        if (count != expected)
        {
            throw new BenchFailedException($"{db.Name}, {layer}: the store holds {count:N0} rows, {expected:N0} were sent.");
        }
    }

    private static Measurement Progress(BenchDatabase db, Measurement m)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {db.Name,-10} {m.Layer,-32} {m.Events:N0} rows verified in {m.Elapsed.TotalSeconds,6:F1} s = {m.EventsPerSecond,9:N0} events/s{(m.Cpu is { } c ? $" (process CPU {c.TotalSeconds:F1} s)" : "")}"));
        return m;
    }

    private sealed record IngestReply(int Accepted, int Duplicates, JsonElement[] Rejected);
}

public sealed record Batch(byte[] Bytes, int Count);

public static class Batches
{
    /// <summary>Splits the NDJSON file into request bodies of <paramref name="size"/> lines, held in memory so the client costs little while timed.</summary>
    public static IReadOnlyList<Batch> Read(string ndjsonPath, int size, int limit)
    {
        var batches = new List<Batch>();
        var buffer = new MemoryStream();
        var count = 0;
        var total = 0;
        using var stream = new FileStream(ndjsonPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var start = 0;
        var chunk = new byte[1 << 20];
        int read;
        while (total < limit && (read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            start = 0;
            for (var i = 0; i < read && total < limit; i++)
            {
                if (chunk[i] != (byte)'\n') continue;
                buffer.Write(chunk, start, i + 1 - start);
                start = i + 1;
                count++;
                total++;
                if (count == size)
                {
                    batches.Add(new Batch(buffer.ToArray(), count));
                    buffer.SetLength(0);
                    count = 0;
                }
            }
            if (total < limit)
            {
                buffer.Write(chunk, start, read - start);
            }
        }
        if (count > 0)
        {
            batches.Add(new Batch(buffer.ToArray(), count));
        }
        return batches;
    }
}
