using System.Globalization;

namespace OpsConsole.Bench.Recommend;

public static class Report
{
    /// <summary>The product target: p99 at most this, and at least this share of the health endpoint's throughput.</summary>
    public const double TargetP99Ms = 15;
    public const double TargetShareOfHealth = 0.5;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void PrintTraining(TrainingResult training)
    {
        var m = training.Model;
        Console.WriteLine(string.Create(C,
            $"Trained v{m.Id} in {training.Elapsed.TotalSeconds:F1} s ({m.Learners:N0} learners, {m.Items:N0} items, {m.Interactions:N0} interactions; " +
            $"primary {m.Algorithm}; load average {training.LoadAverage})."));
        if (training.Metrics is { } metrics)
        {
            foreach (var g in metrics.Generators)
            {
                Console.WriteLine(string.Create(C,
                    $"  {g.Generator,-10} fit on the holdout's training part in {g.TrainSeconds,6:F1} s; NDCG@{metrics.K} {g.Ndcg:F4}, recall {g.Recall:F4}, {g.Users:N0} test learners"));
            }
        }
    }

    public static void PrintPhase(PhaseResult p, int? round = null)
    {
        Console.WriteLine(string.Create(C,
            $"  {p.Name}{(round is { } r ? $" (round {r})" : "")}: {p.Ok:N0} ok, {p.Errors:N0} errors in {p.Elapsed.TotalSeconds:F1} s = {p.RequestsPerSecond:N0}/s; " +
            $"p50 {p.PercentileMs(0.5):F2} ms, p99 {p.PercentileMs(0.99):F2} ms; server CPU {p.ServerCpuMsPerRequest:F3} ms/request; " +
            $"{(p.Lists > 0 ? string.Create(C, $"{p.StateLoads / (double)p.Lists:P0} state loads; ") : "")}load average {p.LoadAfter}"));
        foreach (var (kind, count) in p.ErrorKinds)
        {
            Console.WriteLine(string.Create(C, $"    {count:N0} x {kind}"));
        }
    }

    public static void Print(BenchOptions options, CachedPlatform platform, TrainingResult training, PhaseResult? coldPass,
        IReadOnlyList<PhaseResult> phases, IReadOnlyList<(string When, long? WorkingSet)> memory, ImpressionCheck check, (long Lists, long Rows) afterStop)
    {
        var s = platform.Summary;
        Console.WriteLine();
        Console.WriteLine(string.Create(C,
            $"Platform: {s.Learners:N0} learners ({s.LearnersWithHistory:N0} with item history), {s.Items:N0} items, {s.Events:N0} events over {options.Days} days, " +
            $"{s.Orders:N0} orders, {s.Memberships:N0} memberships (SQLite). Model v{training.Model.Id} trained in {training.Elapsed.TotalSeconds:F1} s; " +
            $"{training.Serving} ranks the lists{(training.Serving == training.Model.Algorithm ? " (the holdout's choice)" : $" (forced; the holdout chose {training.Model.Algorithm})")}."));
        Console.WriteLine(string.Create(C,
            $"{options.Clients} concurrent clients on loopback, {options.Rounds} round(s) of {options.Seconds} s per endpoint, alternating; " +
            $"recommendations k={options.K}, context={options.Context}, {options.UnknownShare:P0} unknown learners. " +
            $"{Environment.ProcessorCount} CPU cores shared by the server, the clients and other work; load average {LoadAverage()} at the end."));
        PrintTable(options, coldPass, phases);
        Console.WriteLine(string.Create(C,
            $"Impressions: {check.Rows:N0} rows in {check.Lists:N0} lists stored {check.Waited.TotalSeconds:F1} s after the load, for {check.ExpectedRows:N0} items in {check.ExpectedLists:N0} lists served " +
            $"({(check.Matches ? "equal" : "*** DIFFER")}); after the app stopped: {afterStop.Rows:N0} rows in {afterStop.Lists:N0} lists."));
        Console.WriteLine("Server working set: " + string.Join(", ", memory.Select(m => string.Create(C, $"{m.When} {Mib(m.WorkingSet)}"))) + ".");
    }

    /// <summary>The measured rounds per endpoint, pooled, against the targets.</summary>
    public static void PrintTable(BenchOptions options, PhaseResult? coldPass, IReadOnlyList<PhaseResult> phases)
    {
        Console.WriteLine();
        var measured = phases.GroupBy(p => p.Name).Select(g => PhaseResult.Combine(g.Key, [.. g])).ToList();
        Console.WriteLine($"{"endpoint",-28} | {"requests",9} | {"errors",6} | {"req/s",7} | {"p50 ms",7} | {"p99 ms",7} | {"p99.9 ms",8} | {"max ms",7} | {"server CPU ms/req",17}");
        Console.WriteLine(string.Join("-|-", new[] { 28, 9, 6, 7, 7, 7, 8, 7, 17 }.Select(w => new string('-', w))));
        foreach (var p in measured.Concat(coldPass is null ? [] : [coldPass]))
        {
            Console.WriteLine(string.Create(C,
                $"{Shorten(p.Name),-28} | {p.Ok,9:N0} | {p.Errors,6:N0} | {p.RequestsPerSecond,7:N0} | {p.PercentileMs(0.5),7:F2} | {p.PercentileMs(0.99),7:F2} | " +
                $"{p.PercentileMs(0.999),8:F2} | {p.PercentileMs(1),7:F1} | {p.ServerCpuMsPerRequest,17:F3}"));
        }
        Console.WriteLine();
        if (measured.FirstOrDefault(p => p.Name == "recommendations") is not { } recs)
        {
            return;
        }
        var p99 = recs.PercentileMs(0.99);
        var verdict = string.Create(C, $"Recommendations: p99 {p99:F2} ms (target <= {TargetP99Ms} ms: {(p99 <= TargetP99Ms ? "met" : $"missed, {p99 / TargetP99Ms:F2}x")})");
        if (measured.FirstOrDefault(p => p.Name == "/health") is { } health && health.RequestsPerSecond > 0)
        {
            var share = recs.RequestsPerSecond / health.RequestsPerSecond;
            verdict += string.Create(C, $"; {share:P0} of /health's requests per second (target >= {TargetShareOfHealth:P0}: {(share >= TargetShareOfHealth ? "met" : "missed")})");
        }
        Console.WriteLine(verdict + ".");
        if (measured.FirstOrDefault(p => p.Name.StartsWith("recommendations @", StringComparison.Ordinal)) is { } paced)
        {
            var pacedP99 = paced.PercentileMs(0.99);
            Console.WriteLine(string.Create(C,
                $"At a steady {paced.Name[(paced.Name.IndexOf('@') + 1)..]} (open loop, timed from when each request fell due): p99 {pacedP99:F2} ms " +
                $"(target <= {TargetP99Ms} ms: {(pacedP99 <= TargetP99Ms ? "met" : $"missed, {pacedP99 / TargetP99Ms:F2}x")})."));
        }
        Console.WriteLine(string.Create(C,
            $"Cold-start lists (unknown learners or no item history): {recs.ColdStartLists:N0} of {recs.Lists:N0}; {recs.Items / (double)Math.Max(1, recs.Lists):F2} items a list; " +
            $"{recs.StateLoads / (double)Math.Max(1, recs.Lists):P1} of the requests loaded the learner's state from the database (unknown ids, and states older than the cache's five minutes). " +
            $"Client CPU {recs.ClientCpu.TotalMilliseconds / Math.Max(1, recs.Ok):F3} ms/request."));
    }

    private static string Shorten(string name) => name.Length <= 28 ? name : name[..28];

    private static string Mib(long? bytes) => bytes is { } b ? string.Create(C, $"{b / 1048576.0:N0} MiB") : "n/a";

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
