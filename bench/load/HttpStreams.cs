using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpsConsole.Bench.Support;

namespace OpsConsole.Bench.Load;

/// <summary>A ticket as the API answered it: when it fell due, and the agent it names.</summary>
public readonly record struct OpenedTicket(long Id, long Due, string? AssigneeId);

/// <summary>
/// The HTTP senders, each with its own connection pool (the platform's event feed, its recommendation slots, the help
/// widget and a load balancer's probe are different clients), each request timed from when it fell due.
/// </summary>
public sealed class HttpStreams : IDisposable
{
    private static readonly (string Type, double Weight, bool Item)[] Mix =
    [
        ("view", 40, true), ("lesson_progress", 25, true), ("click", 10, true), ("login", 12, false), ("search", 8, false),
        ("recommendation_impression", 4, true), ("share", 1, true),
    ];
    private static readonly string[] Queries = ["rust async", "kubernetes operator", "system design", "数据分析 python", "英语口语", "react hooks", "postgres indexing"];
    private static readonly string[] Devices = ["ios", "android", "web", "mini_program"];
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _events;
    private readonly HttpClient _recommendations;
    private readonly HttpClient _tickets;
    private readonly HttpClient _health;
    private readonly BenchWorld _world;
    private readonly BenchOptions _options;
    private readonly SyntheticTickets _texts;
    private long _unknown;

    public HttpStreams(Uri address, BenchWorld world, BenchOptions options, string sessionPrefix)
    {
        _world = world;
        _options = options;
        SessionPrefix = sessionPrefix;
        _texts = new SyntheticTickets(options.Seed + 2);
        _events = Client(address, world.IngestKey);
        _recommendations = Client(address, world.RecommendKey);
        _tickets = Client(address, world.TicketsKey);
        _health = Client(address, null);
    }

    public string SessionPrefix { get; }

    /// <summary>Events the API acknowledged as accepted, warm-up included: what the Events table must hold at the end.</summary>
    public long EventsAcknowledged => Interlocked.Read(ref _acknowledged);
    private long _acknowledged;

    /// <summary>Events of batches whose answer never came (timed out, connection lost): the server may have stored them.</summary>
    public long EventsUnanswered => Interlocked.Read(ref _unanswered);
    private long _unanswered;

    private static HttpClient Client(Uri address, string? key)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            // Open loop: a request never waits for a connection held by a slow one.
            MaxConnectionsPerServer = 1024,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        return client;
    }

    /// <summary>One batch of <see cref="BenchOptions.Batch"/> events as NDJSON; succeeds only when every event is accepted.</summary>
    public async Task SendEventsAsync(long index, long due, StreamStats stats)
    {
        stats.Started();
        var body = EventBatch(index);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await _events.PostAsync("api/v1/events", content);
            var text = await response.Content.ReadAsByteArrayAsync();
            var latency = Stopwatch.GetElapsedTime(due);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                stats.Failed($"HTTP {(int)response.StatusCode}");
                return;
            }
            using var json = JsonDocument.Parse(text);
            var accepted = json.RootElement.GetProperty("accepted").GetInt32();
            var duplicates = json.RootElement.GetProperty("duplicates").GetInt32();
            var rejected = json.RootElement.GetProperty("rejected").GetArrayLength();
            Interlocked.Add(ref _acknowledged, accepted);
            if (accepted != _options.Batch || duplicates != 0 || rejected != 0)
            {
                stats.Failed($"partial batch (accepted {accepted}, duplicates {duplicates}, rejected {rejected})");
                return;
            }
            stats.Succeeded(latency, accepted);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            Interlocked.Add(ref _unanswered, _options.Batch);
            stats.Failed(e.GetType().Name);
        }
    }

    /// <summary>95 % a known learner drawn uniformly, 5 % an id never seen (a new sign-up), which gets the cold-start list.</summary>
    public Task RecommendAsync(long index, long due, StreamStats stats)
    {
        var random = new Random(unchecked((int)(_options.Seed * 7919 + index)));
        var learner = random.NextDouble() < 0.05
            ? $"load-new-{Interlocked.Increment(ref _unknown):D7}"
            : _world.LearnerIds[random.Next(_world.LearnerIds.Length)];
        return GetAsync(_recommendations, $"api/v1/recommendations/{Uri.EscapeDataString(learner)}?k=10&context=home", due, stats);
    }

    /// <summary>The probe a load balancer sends, without a key; it checks the database and the job storage on every call.</summary>
    public Task HealthAsync(long index, long due, StreamStats stats) => GetAsync(_health, "health", due, stats);

    private static async Task GetAsync(HttpClient client, string path, long due, StreamStats stats)
    {
        stats.Started();
        try
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            await response.Content.ReadAsByteArrayAsync();
            var latency = Stopwatch.GetElapsedTime(due);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                stats.Failed($"HTTP {(int)response.StatusCode}");
                return;
            }
            stats.Succeeded(latency);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            stats.Failed(e.GetType().Name);
        }
    }

    /// <summary>A learner writes to support through the help widget: POST /api/v1/tickets, expecting 201 and the ticket's id.</summary>
    public async Task OpenTicketAsync(long index, long due, StreamStats stats, ConcurrentDictionary<long, OpenedTicket> opened)
    {
        BenchTicket text;
        lock (_texts)
        {
            text = _texts.Next();
        }
        var learner = _world.LearnerIds[(int)(index * 7919 % _world.LearnerIds.Length)];
        var body = JsonSerializer.SerializeToUtf8Bytes(new { learnerId = learner, subject = text.Subject, body = text.Body, channel = text.Channel });
        stats.Started();
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _tickets.PostAsync("api/v1/tickets", content);
            var answer = await response.Content.ReadAsByteArrayAsync();
            var latency = Stopwatch.GetElapsedTime(due);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                stats.Failed($"HTTP {(int)response.StatusCode}");
                return;
            }
            using var json = JsonDocument.Parse(answer);
            var id = json.RootElement.GetProperty("ticketId").GetInt64();
            var assignee = json.RootElement.TryGetProperty("assigneeId", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            opened[id] = new OpenedTicket(id, due, assignee);
            stats.Succeeded(latency);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            stats.Failed(e.GetType().Name);
        }
    }

    /// <summary>
    /// Batch <paramref name="index"/>: fresh version-4 ids (as the platform's are), known learners with a few new ones,
    /// the catalogue's items, stamped now; every session id carries the run's prefix so the stored rows can be counted.
    /// </summary>
    private byte[] EventBatch(long index)
    {
        var random = new Random(unchecked((int)(_options.Seed * 104729 + index)));
        var total = Mix.Sum(m => m.Weight);
        var buffer = new ArrayBufferWriter<byte>(_options.Batch * 320);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < _options.Batch; i++)
        {
            using (var w = new Utf8JsonWriter(buffer, Writer))
            {
                var pick = random.NextDouble() * total;
                var (type, _, item) = Mix.First(m => (pick -= m.Weight) < 0 || m == Mix[^1]);
                var learner = random.NextDouble() < 0.02 ? $"load-learner-{random.Next(100_000):D6}" : _world.LearnerIds[random.Next(_world.LearnerIds.Length)];
                w.WriteStartObject();
                w.WriteString("eventId", Guid.NewGuid().ToString());
                w.WriteString("learnerId", learner);
                w.WriteString("type", type);
                w.WriteString("occurredAt", now.AddMilliseconds(-random.Next(5_000)).ToString("O"));
                if (item)
                {
                    w.WriteString("itemId", _world.ItemIds[random.Next(_world.ItemIds.Length)]);
                }
                w.WriteString("sessionId", $"{SessionPrefix}{learner}-{index / 50}");
                w.WriteStartObject("properties");
                w.WriteString("device", Devices[random.Next(Devices.Length)]);
                switch (type)
                {
                    case "view":
                        w.WriteNumber("dwellSeconds", random.Next(3, 600));
                        break;
                    case "lesson_progress":
                        w.WriteNumber("progress", Math.Round(random.NextDouble(), 2));
                        break;
                    case "search":
                        w.WriteString("query", Queries[random.Next(Queries.Length)]);
                        break;
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            buffer.Write("\n"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        _events.Dispose();
        _recommendations.Dispose();
        _tickets.Dispose();
        _health.Dispose();
    }
}
