using System.Globalization;

namespace OpsConsole.Bench.Support;

public static class Report
{
    /// <summary>The product target: API-to-agent push p95 at most this, on loopback.</summary>
    public const double TargetPushP95Ms = 250;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void PrintEcho(PhaseResult p) => Console.WriteLine(string.Create(C,
        $"  {p.Name}: {p.LatenciesMs.Length:N0} of {p.Sent:N0} echoed in {p.Seconds:F1} s; p50 {p.Percentile(0.5):F2} ms, p95 {p.Percentile(0.95):F2} ms, " +
        $"p99 {p.Percentile(0.99):F2} ms; schedule lag max {p.MaxLatenessMs:F0} ms; load average {p.LoadAfter}\n    {p.Process}"));

    public static void PrintTickets(TicketPhaseResult t) => Console.WriteLine(string.Create(C,
        $"  {t.Push.Name}: {t.Tickets:N0} tickets in {t.Push.Seconds:F1} s, {t.Assigned:N0} assigned, {t.Queued:N0} queued, {t.Triaged:N0} triaged, {t.Failed:N0} failed; " +
        $"push p50 {t.Push.Percentile(0.5):F2} ms, p95 {t.Push.Percentile(0.95):F2} ms, p99 {t.Push.Percentile(0.99):F2} ms; " +
        $"API answer p50 {Stats.Percentile(t.AnswerMs, 0.5):F2} ms, p95 {Stats.Percentile(t.AnswerMs, 0.95):F2} ms; " +
        $"routing p50 {Stats.Percentile(t.RoutingMs, 0.5):F2} ms, p99 {Stats.Percentile(t.RoutingMs, 0.99):F2} ms ({t.RoutingMs.Length:N0} routed); " +
        $"schedule lag max {t.Push.MaxLatenessMs:F0} ms; load average {t.Push.LoadAfter}\n    {t.Push.Process}"));

    /// <summary>
    /// The measured rounds pooled: each figure beside the hub echo at the same percentile, as a ratio, against the target.
    /// Returns false when some ticket failed or its push did not reach its agent (the figures then leave tickets out).
    /// </summary>
    public static bool PrintTable(BenchOptions options, int agents, IReadOnlyList<TicketPhaseResult> tickets, IReadOnlyList<PhaseResult> echoes)
    {
        double[] push = [.. tickets.SelectMany(t => t.Push.LatenciesMs)];
        double[] echo = [.. echoes.SelectMany(e => e.LatenciesMs)];
        double[] routing = [.. tickets.SelectMany(t => t.RoutingMs)];
        double[] answer = [.. tickets.SelectMany(t => t.AnswerMs)];
        int Sum(Func<TicketPhaseResult, int> f) => tickets.Sum(f);

        Console.WriteLine();
        Console.WriteLine(string.Create(C,
            $"{Sum(t => t.Tickets):N0} tickets through POST /api/v1/tickets at {options.Rate:N1}/s (open loop) in {options.Rounds} round(s), {agents} agents " +
            $"connected to /hubs/ops over WebSockets; {echo.Length:N0} hub echoes at the same rate over the same connections, alternating. " +
            $"{(options.Url is null ? options.Provider : $"server at {options.Url}")}; {Environment.ProcessorCount} CPU cores shared by the server, the clients and other work; load average {LoadAverage()} at the end."));
        Console.WriteLine(string.Create(C,
            $"Tickets: {Sum(t => t.Assigned):N0} assigned and pushed, {Sum(t => t.Queued):N0} left in a queue, {Sum(t => t.Triaged):N0} sent to triage, " +
            $"{Sum(t => t.Failed):N0} failed; {Sum(t => t.PushesMissing):N0} pushes missing, {Sum(t => t.WrongAgent):N0} to the wrong agent; " +
            $"intent read as written for {Sum(t => t.IntentsRight):N0}."));
        Console.WriteLine();
        Console.WriteLine($"{"figure",-34} | {"this run",10} | {"hub echo",10} | {"ratio",7} | {"target",10} | verdict");
        Console.WriteLine(string.Join("-|-", new[] { 34, 10, 10, 7, 10, 7 }.Select(w => new string('-', w))));
        void Row(string figure, double value, double baseline, double? target)
        {
            var verdict = "";
            if (target is { } t)
            {
                verdict = double.IsNaN(value) ? "n/a" : value <= t ? "met" : string.Create(C, $"missed, {value / t:F2}x");
            }
            Console.WriteLine(string.Create(C,
                $"{figure,-34} | {Ms(value),10} | {Ms(baseline),10} | {Ratio(value, baseline),7} | {(target is { } x ? $"<= {x:F0} ms" : ""),10} | {verdict}"));
        }
        Row("API-to-agent push p50", Stats.Percentile(push, 0.5), Stats.Percentile(echo, 0.5), null);
        Row("API-to-agent push p95", Stats.Percentile(push, 0.95), Stats.Percentile(echo, 0.95), TargetPushP95Ms);
        Row("API-to-agent push p99", Stats.Percentile(push, 0.99), Stats.Percentile(echo, 0.99), null);
        Row("routing decision p99 (server)", Stats.Percentile(routing, 0.99), Stats.Percentile(echo, 0.99), null);
        if (options.Url is not null)
        {
            Console.WriteLine("(The routing time is the server's own histogram, read in the server's process: not available when attached.)");
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(C,
            $"Also: routing decision p50 {Ms(Stats.Percentile(routing, 0.5))} over {routing.Length:N0} routings; API answer (send to 201 read) p50 {Ms(Stats.Percentile(answer, 0.5))}, " +
            $"p95 {Ms(Stats.Percentile(answer, 0.95))}, p99 {Ms(Stats.Percentile(answer, 0.99))}; push max {Ms(push.DefaultIfEmpty(double.NaN).Max())}, echo max {Ms(echo.DefaultIfEmpty(double.NaN).Max())}."));
        var pushes = Sum(t => t.Assigned);
        if (pushes == 0)
        {
            Console.WriteLine("*** No ticket was assigned, so nothing was pushed: the server sent them to triage or left them queued " +
                "(an attached server needs an intent model and online agents with the skills).");
            return false;
        }
        if (Sum(t => t.PushesMissing) > 0 || Sum(t => t.WrongAgent) > 0 || Sum(t => t.Failed) > 0)
        {
            Console.WriteLine("*** Some tickets failed or their pushes did not reach the assigned agent: the figures above do not cover every ticket.");
            return false;
        }
        return true;
    }

    private static string Ms(double value) => double.IsNaN(value) ? "n/a" : string.Create(C, $"{value:F1} ms");

    private static string Ratio(double value, double baseline) =>
        double.IsNaN(value) || double.IsNaN(baseline) || baseline <= 0 ? "n/a" : string.Create(C, $"{value / baseline:F1}x");

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
