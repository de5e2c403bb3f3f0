using System.Diagnostics;
using System.Net;

namespace OpsConsole.Bench.Recommend;

/// <summary>One request a client sends: the path, whether it carries the API key, and whether the server must load the learner's state.</summary>
public readonly record struct PlannedRequest(string Path, bool WithKey, bool LoadsState = false, long Due = 0);

/// <summary>
/// Which learner states the server holds, as far as the clients can tell: the cache keeps a state for five minutes
/// from its load and nothing invalidates it during the benchmark (no events arrive), so a request loads the state when
/// the learner was never asked for, or was last loaded five minutes ago or more. Unknown ids are looked up every time.
/// </summary>
public sealed class LearnerCacheModel(int learners)
{
    private static readonly long MaxAge = 5 * 60 * System.Diagnostics.Stopwatch.Frequency;
    private readonly long[] _loadedAt = new long[learners];

    public bool Loads(int learner)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var loaded = Volatile.Read(ref _loadedAt[learner]);
        if (loaded != 0 && now - loaded < MaxAge)
        {
            return false;
        }
        Volatile.Write(ref _loadedAt[learner], now);
        return true;
    }
}

/// <summary>Where a phase's requests go; <see cref="Next"/> returns null when a finite source is used up.</summary>
public interface IRequestSource
{
    PlannedRequest? Next(Random rng);
}

/// <summary>Every request the same path (the health endpoint, without a key, as a load balancer asks it).</summary>
public sealed class FixedPath(string path, bool withKey) : IRequestSource
{
    public PlannedRequest? Next(Random rng) => new PlannedRequest(path, withKey);
}

/// <summary>
/// A known learner drawn uniformly, or with probability <paramref name="unknownShare"/> an id the platform has never
/// seen (a new sign-up whose first event has not arrived): each such id is fresh, so it always costs a lookup.
/// </summary>
public sealed class RandomLearners(int learners, double unknownShare, int k, string context, LearnerCacheModel cache) : IRequestSource
{
    private static long _unknown;

    public PlannedRequest? Next(Random rng)
    {
        if (rng.NextDouble() < unknownShare)
        {
            return new PlannedRequest($"api/v1/recommendations/N{Interlocked.Increment(ref _unknown):D7}?k={k}&context={context}", true, true);
        }
        var learner = rng.Next(learners);
        return new PlannedRequest($"api/v1/recommendations/{PlatformGenerator.LearnerId(learner)}?k={k}&context={context}", true, cache.Loads(learner));
    }
}

/// <summary>Each known learner once, in a shuffled order: the first request per learner loads its state from the database.</summary>
public sealed class EveryLearnerOnce(int learners, int k, string context, int seed, LearnerCacheModel cache) : IRequestSource
{
    private readonly int[] _order = [.. Enumerable.Range(0, learners).OrderBy(i => new Random(seed + i).Next())];
    private int _next = -1;

    public PlannedRequest? Next(Random rng)
    {
        var at = Interlocked.Increment(ref _next);
        return at < _order.Length
            ? new PlannedRequest($"api/v1/recommendations/{PlatformGenerator.LearnerId(_order[at])}?k={k}&context={context}", true, cache.Loads(_order[at]))
            : null;
    }
}

/// <summary>
/// Open-loop pacing: requests of <paramref name="inner"/> fall due at a fixed rate whatever the answers' speed, and
/// each is timed from when it fell due, so time spent waiting for a free client counts as latency too.
/// </summary>
public sealed class Paced(IRequestSource inner, double perSecond) : IRequestSource
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _next = -1;

    public PlannedRequest? Next(Random rng)
    {
        var ticket = Interlocked.Increment(ref _next);
        return inner.Next(rng) is { } request
            ? request with { Due = _start + (long)(ticket * Stopwatch.Frequency / perSecond) }
            : null;
    }
}

/// <summary>What one phase measured: successful latencies (sorted, microseconds), errors, and the lists served.</summary>
public sealed class PhaseResult
{
    public required string Name { get; init; }
    public required int Clients { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required long[] LatenciesUs { get; init; }
    public required long Errors { get; init; }
    public required IReadOnlyDictionary<string, long> ErrorKinds { get; init; }
    public required long Lists { get; init; }
    public required long Items { get; init; }
    public required long ColdStartLists { get; init; }
    /// <summary>Requests that made the server load a learner's state (see <see cref="LearnerCacheModel"/>).</summary>
    public required long StateLoads { get; init; }
    public required TimeSpan ServerCpu { get; init; }
    public required TimeSpan ClientCpu { get; init; }
    public required string LoadBefore { get; init; }
    public required string LoadAfter { get; init; }

    public long Ok => LatenciesUs.Length;
    public double RequestsPerSecond => Ok / Elapsed.TotalSeconds;
    public double ServerCpuMsPerRequest => Ok == 0 ? 0 : ServerCpu.TotalMilliseconds / Ok;

    public double PercentileMs(double p) => Percentile(LatenciesUs, p) / 1000.0;

    public static long Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Several rounds of the same endpoint as one: latencies pooled, time and counts added.</summary>
    public static PhaseResult Combine(string name, IReadOnlyList<PhaseResult> rounds)
    {
        var latencies = rounds.SelectMany(r => r.LatenciesUs).ToArray();
        Array.Sort(latencies);
        return new PhaseResult
        {
            Name = name,
            Clients = rounds[0].Clients,
            Elapsed = TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)),
            LatenciesUs = latencies,
            Errors = rounds.Sum(r => r.Errors),
            ErrorKinds = rounds.SelectMany(r => r.ErrorKinds).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
            Lists = rounds.Sum(r => r.Lists),
            Items = rounds.Sum(r => r.Items),
            ColdStartLists = rounds.Sum(r => r.ColdStartLists),
            StateLoads = rounds.Sum(r => r.StateLoads),
            ServerCpu = TimeSpan.FromTicks(rounds.Sum(r => r.ServerCpu.Ticks)),
            ClientCpu = TimeSpan.FromTicks(rounds.Sum(r => r.ClientCpu.Ticks)),
            LoadBefore = rounds[0].LoadBefore,
            LoadAfter = rounds[^1].LoadAfter,
        };
    }
}

/// <summary>
/// Closed-loop load: <c>clients</c> concurrent callers, each sending its next request as soon as the previous answer
/// is read, over one connection each (HTTP/1.1 keep-alive on loopback), until the time is up or the source runs dry.
/// </summary>
public sealed class LoadRunner : IDisposable
{
    private static readonly byte[] PositionField = "\"position\":"u8.ToArray();
    private static readonly byte[] ColdStartTrue = "\"coldStart\":true"u8.ToArray();

    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly int _clients;
    private readonly Func<TimeSpan> _serverCpu;

    public LoadRunner(Uri address, Func<TimeSpan> serverCpu, string apiKey, int clients)
    {
        _serverCpu = serverCpu;
        _apiKey = apiKey;
        _clients = clients;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Lists and their items answered with 200 by every phase so far, warm-ups included.</summary>
    public long ListsServed { get; private set; }
    public long ItemsServed { get; private set; }

    public async Task<PhaseResult> RunAsync(string name, IRequestSource source, TimeSpan limit, int seed)
    {
        var loadBefore = Report.LoadAverage();
        var serverCpu = _serverCpu();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, _clients)
            .Select(c => Task.Run(() => ClientAsync(source, new Random(seed * 7919 + c), clock, limit)))
            .ToArray();
        var done = await Task.WhenAll(workers);
        clock.Stop();
        var latencies = done.SelectMany(d => d.Latencies).ToArray();
        Array.Sort(latencies);
        ListsServed += done.Sum(d => d.Lists);
        ItemsServed += done.Sum(d => d.Items);
        return new PhaseResult
        {
            Name = name,
            Clients = _clients,
            Elapsed = clock.Elapsed,
            LatenciesUs = latencies,
            Errors = done.Sum(d => d.Errors),
            ErrorKinds = done.SelectMany(d => d.ErrorKinds).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
            Lists = done.Sum(d => d.Lists),
            Items = done.Sum(d => d.Items),
            ColdStartLists = done.Sum(d => d.ColdStart),
            StateLoads = done.Sum(d => d.StateLoads),
            ServerCpu = _serverCpu() - serverCpu,
            ClientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu,
            LoadBefore = loadBefore,
            LoadAfter = Report.LoadAverage(),
        };
    }

    private sealed class ClientTally
    {
        public readonly List<long> Latencies = new(16_384);
        public readonly Dictionary<string, long> ErrorKinds = [];
        public long Errors;
        public long Lists;
        public long Items;
        public long ColdStart;
        public long StateLoads;
    }

    private async Task<ClientTally> ClientAsync(IRequestSource source, Random rng, Stopwatch clock, TimeSpan limit)
    {
        var tally = new ClientTally();
        while (clock.Elapsed < limit && source.Next(rng) is { } request)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, request.Path);
            if (request.WithKey)
            {
                message.Headers.TryAddWithoutValidation("X-Api-Key", _apiKey);
            }
            var started = Stopwatch.GetTimestamp();
            if (request.Due > started)
            {
                await Task.Delay(Stopwatch.GetElapsedTime(started, request.Due));
                if (clock.Elapsed >= limit)
                {
                    break;
                }
                started = Stopwatch.GetTimestamp();
            }
            if (request.Due != 0)
            {
                started = Math.Min(started, request.Due);
            }
            try
            {
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                var body = await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Fail(tally, $"HTTP {(int)response.StatusCode}");
                    continue;
                }
                tally.Latencies.Add(elapsed.Ticks / (TimeSpan.TicksPerMillisecond / 1000));
                if (request.WithKey)
                {
                    tally.Lists++;
                    tally.Items += Count(body, PositionField);
                    tally.ColdStart += Count(body, ColdStartTrue) > 0 ? 1 : 0;
                    tally.StateLoads += request.LoadsState ? 1 : 0;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Fail(tally, e.GetType().Name);
            }
        }
        return tally;
    }

    private static void Fail(ClientTally tally, string kind)
    {
        tally.Errors++;
        tally.ErrorKinds[kind] = tally.ErrorKinds.GetValueOrDefault(kind) + 1;
    }

    private static int Count(ReadOnlySpan<byte> body, ReadOnlySpan<byte> needle)
    {
        var count = 0;
        for (var at = body.IndexOf(needle); at >= 0; at = body.IndexOf(needle))
        {
            count++;
            body = body[(at + needle.Length)..];
        }
        return count;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>CPU time of another process, from /proc (user + system ticks).</summary>
public static class ProcessCpu
{
    public static TimeSpan Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
