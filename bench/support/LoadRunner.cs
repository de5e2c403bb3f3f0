using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OpsConsole.Support;

namespace OpsConsole.Bench.Support;

/// <summary>What one ticket did, as the platform and the agent's client saw it.</summary>
public sealed record TicketSample(long? TicketId, int Status, long SentAt, long AnsweredAt, string? AssigneeId, string? Intent, TicketQueue? Queue, string Language, string IntentWritten);

/// <summary>A phase's outcome: latencies in milliseconds, with what could not be timed said out loud.</summary>
public sealed record PhaseResult(string Name, int Sent, double Seconds, double[] LatenciesMs, double MaxLatenessMs, string LoadAfter, string Process)
{
    public double Percentile(double p) => Stats.Percentile(LatenciesMs, p);
}

/// <summary>A ticket phase adds the API's own answer times, what routing did and what arrived where.</summary>
public sealed record TicketPhaseResult(PhaseResult Push, double[] AnswerMs, double[] RoutingMs, int Assigned, int Queued, int Triaged, int Failed,
    int PushesMissing, int WrongAgent, int IntentsRight, int Tickets);

public static class Stats
{
    /// <summary>Nearest-rank percentile of <paramref name="values"/> (sorted here); NaN when empty.</summary>
    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}

/// <summary>
/// Open-loop load at a steady rate: each ticket (or echo) falls due on a fixed schedule whatever the answers' speed, so a
/// slow answer never holds back the next one. Tickets are POSTed to the API with the platform's key over one pooled
/// HttpClient; echoes go out over the agents' own hub connections in turn.
/// </summary>
public sealed class LoadRunner(Uri address, BenchDesk desk, RoutingMeter routing) : IDisposable
{
    private static readonly TimeSpan PushWait = TimeSpan.FromSeconds(15);
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(60),
    };
    private int _nextClient;

    public async Task<TicketPhaseResult> TicketsAsync(string name, SyntheticTickets tickets, int count, double rate)
    {
        var bodies = Enumerable.Range(0, count).Select(_ => tickets.Next()).Select(t => (t, Json(t))).ToArray();
        var samples = new ConcurrentBag<TicketSample>();
        routing.Start();
        await using var sampler = new ProcessSampler();
        var (seconds, lateness) = await PaceAsync(count, rate, i => PostAsync(bodies[i].t, bodies[i].Item2, samples));
        var all = samples.ToArray();
        // Pushes leave before the API answers, but a loaded server may still be writing some out: wait for each.
        var expected = all.Where(s => s.AssigneeId is not null && s.TicketId is { }).ToArray();
        var deadline = Stopwatch.GetTimestamp() + (long)(PushWait.TotalSeconds * Stopwatch.Frequency);
        while (expected.Any(s => !desk.Pushes.ContainsKey(s.TicketId!.Value)) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }
        var routed = routing.Stop();
        var latencies = new List<double>();
        var missing = 0;
        var wrong = 0;
        foreach (var s in expected)
        {
            if (!desk.Pushes.TryGetValue(s.TicketId!.Value, out var arrival))
            {
                missing++;
                continue;
            }
            if (!string.Equals(arrival.AgentId, s.AssigneeId, StringComparison.OrdinalIgnoreCase))
            {
                wrong++;
            }
            latencies.Add(Stats.Ms(s.SentAt, arrival.Stamp));
        }
        var answered = all.Where(s => s.Status == 201).ToArray();
        var push = new PhaseResult(name, count, seconds, [.. latencies], lateness, Report.LoadAverage(), await sampler.StopAsync());
        return new TicketPhaseResult(push, [.. answered.Select(s => Stats.Ms(s.SentAt, s.AnsweredAt))], routed,
            Assigned: expected.Length,
            Queued: answered.Count(s => s.AssigneeId is null && s.Queue != TicketQueue.Triage),
            Triaged: answered.Count(s => s.Queue == TicketQueue.Triage),
            Failed: all.Length - answered.Length,
            PushesMissing: missing, WrongAgent: wrong,
            IntentsRight: answered.Count(s => s.Intent == s.IntentWritten),
            Tickets: count);
    }

    /// <summary>
    /// Hub echoes at the same rate: each agent connection in turn sends <c>Ping(stamp)</c> with this process's stopwatch
    /// and the stamp comes back as a <c>Pong</c> push, timed by the same handler-side clock read as a ticket push.
    /// </summary>
    public async Task<PhaseResult> EchoesAsync(string name, int count, double rate)
    {
        var stamps = new ConcurrentBag<long>();
        await using var sampler = new ProcessSampler();
        var (seconds, lateness) = await PaceAsync(count, rate, _ =>
        {
            var client = desk.Clients[Interlocked.Increment(ref _nextClient) % desk.Clients.Count];
            var stamp = Stopwatch.GetTimestamp();
            stamps.Add(stamp);
            return client.Connection.SendAsync("Ping", stamp);
        });
        var deadline = Stopwatch.GetTimestamp() + (long)(PushWait.TotalSeconds * Stopwatch.Frequency);
        while (stamps.Any(s => !desk.Pongs.ContainsKey(s)) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }
        var latencies = stamps.Where(desk.Pongs.ContainsKey).Select(s => Stats.Ms(s, desk.Pongs[s])).ToArray();
        return new PhaseResult(name, count, seconds, latencies, lateness, Report.LoadAverage(), await sampler.StopAsync());
    }

    /// <summary>Starts action i when it falls due (start + i / rate) without waiting for earlier ones; returns when all finished.</summary>
    private static async Task<(double Seconds, double MaxLatenessMs)> PaceAsync(int count, double rate, Func<int, Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        var running = new List<Task>(count);
        var lateness = 0.0;
        for (var i = 0; i < count; i++)
        {
            var due = started + (long)(i / rate * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            lateness = Math.Max(lateness, Stats.Ms(due, Stopwatch.GetTimestamp()));
            var index = i;
            running.Add(Task.Run(() => action(index)));
        }
        await Task.WhenAll(running);
        return (Stopwatch.GetElapsedTime(started).TotalSeconds, lateness);
    }

    private async Task PostAsync(BenchTicket ticket, byte[] body, ConcurrentBag<TicketSample> samples)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/tickets") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Api-Key", desk.ApiKey);
        long sent = 0;
        try
        {
            sent = Stopwatch.GetTimestamp();
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsByteArrayAsync();
            var answered = Stopwatch.GetTimestamp();
            long? id = null;
            string? assignee = null, intent = null;
            TicketQueue? queue = null;
            if ((int)response.StatusCode == 201)
            {
                using var json = JsonDocument.Parse(text);
                var root = json.RootElement;
                id = root.GetProperty("ticketId").GetInt64();
                assignee = root.TryGetProperty("assigneeId", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                intent = root.TryGetProperty("intent", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                queue = root.TryGetProperty("queue", out var q) ? q.ValueKind switch
                {
                    JsonValueKind.Number => (TicketQueue)q.GetInt32(),
                    JsonValueKind.String => Enum.Parse<TicketQueue>(q.GetString()!, ignoreCase: true),
                    _ => null,
                } : null;
            }
            samples.Add(new TicketSample(id, (int)response.StatusCode, sent, answered, assignee, intent, queue, ticket.Language, ticket.Intent));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            samples.Add(new TicketSample(null, 0, sent, Stopwatch.GetTimestamp(), null, null, null, ticket.Language, ticket.Intent));
        }
    }

    private static byte[] Json(BenchTicket t) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        learnerId = t.LearnerId,
        subject = t.Subject,
        body = t.Body,
        channel = t.Channel,
    }));

    public void Dispose() => _http.Dispose();
}
