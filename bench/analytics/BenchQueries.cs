using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.Bench.Analytics;

/// <summary>
/// One behaviour query under test: how the product answers it in-process, the SQL an analyst would write for the same
/// question, and how both answers are written as comparable lines (the same numbers, in the same order).
/// </summary>
public sealed record BenchQuery(
    string Name,
    Func<IServiceProvider, BenchScenario, CancellationToken, Task<IReadOnlyList<string>>> Ours,
    Func<SqlDialect, BenchScenario, string> HandWritten,
    Func<IReadOnlyList<string[]>, BenchScenario, IReadOnlyList<string>> ReadHandWritten);

public static class BenchQueries
{
    /// <summary>Every query the benchmark measures; a new query is one more entry here and a file of its SQL.</summary>
    public static IReadOnlyList<BenchQuery> All { get; } =
    [
        new("retention (12 weeks)", RetentionOursAsync, HandWrittenSql.Retention, ReadRetention),
        new("retention, SQL on activity", RetentionOursAsync, HandWrittenSql.RetentionFromActivity, ReadRetention),
        new("funnel (4 steps)", (services, s, ct) => FunnelOursAsync(services, s.Funnel, ct), (d, s) => HandWrittenSql.Funnel(d, s.Funnel), ReadFunnel),
        new("funnel (3 steps, 30 days)", (services, s, ct) => FunnelOursAsync(services, s.ConsoleFunnel, ct), (d, s) => HandWrittenSql.Funnel(d, s.ConsoleFunnel), ReadFunnel),
        new("paths (5 steps, 30 days)", PathsOursAsync, HandWrittenSql.Paths, ReadPaths),
        new("paths, SQL on PathSteps", PathsOursAsync, HandWrittenSql.PathsFromSteps, ReadPaths),
    ];

    private static async Task<IReadOnlyList<string>> RetentionOursAsync(IServiceProvider services, BenchScenario s, CancellationToken ct)
    {
        var report = await services.GetRequiredService<RetentionQuery>().RunAsync(s.Retention, ct);
        // Empty cells are left out: the hand-written query has no row for a (cohort, week) nobody came back in.
        return [.. report.Cohorts
            .SelectMany(c => c.Retained.Select((n, k) => (c.Start, k, n)))
            .Where(x => x.n > 0)
            .Select(x => Line(x.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), x.k, x.n))
            .Order(StringComparer.Ordinal)];
    }

    private static IReadOnlyList<string> ReadRetention(IReadOnlyList<string[]> rows, BenchScenario s) =>
        [.. rows.Select(r => Line(r[0], Int(r[1]), Int(r[2]))).Order(StringComparer.Ordinal)];

    private static async Task<IReadOnlyList<string>> FunnelOursAsync(IServiceProvider services, FunnelRequest request, CancellationToken ct)
    {
        var report = await services.GetRequiredService<FunnelQuery>().RunAsync(request, ct);
        return [.. report.Steps.Select((step, i) => Line(i + 1, step.Learners, Median(step.MedianSecondsFromPrevious)))];
    }

    private static IReadOnlyList<string> ReadFunnel(IReadOnlyList<string[]> rows, BenchScenario s) =>
        [.. rows.Select(r => Line(Int(r[0]), Int(r[1]), Median(r[2].Length == 0 ? null : double.Parse(r[2], CultureInfo.InvariantCulture))))];

    private static async Task<IReadOnlyList<string>> PathsOursAsync(IServiceProvider services, BenchScenario s, CancellationToken ct)
    {
        var report = await services.GetRequiredService<PathsQuery>().RunAsync(s.Paths, ct);
        return PathLines(report.Paths, report.Learners,
            report.Nodes.Select(n => (n.Depth, n.Type, n.Paths)),
            report.TopSequences.Select(q => (q.Steps, q.Paths, q.Learners)));
    }

    /// <summary>
    /// The hand-written query returns every distinct path and the totals; the report's nodes (all of them) and its top
    /// sequences (ranked as <see cref="PathsQuery"/> ranks them) are sums and a sort over those rows.
    /// </summary>
    private static IReadOnlyList<string> ReadPaths(IReadOnlyList<string[]> rows, BenchScenario s)
    {
        var total = rows.Single(r => r[0] == "total");
        var sequences = rows.Where(r => r[0] == "path")
            .Select(r => (Steps: (IReadOnlyList<string>)[.. r[1..^2].TakeWhile(t => t.Length > 0).Select(t => Enum.Parse<EventType>(t).ToWireName())],
                Paths: Int(r[^2]), Learners: Int(r[^1])))
            .ToList();
        var paths = Int(total[^2]);
        var nodes = new List<(int Depth, string Type, int Paths)>();
        if (paths > 0)
        {
            nodes.Add((0, s.Paths.Event.ToWireName(), paths));
        }
        for (var d = 1; d <= sequences.Select(q => q.Steps.Count).DefaultIfEmpty().Max(); d++)
        {
            var depth = d;
            nodes.AddRange(sequences.Where(q => q.Steps.Count >= depth).GroupBy(q => q.Steps[depth - 1]).Select(g => (depth, g.Key, g.Sum(q => q.Paths))));
        }
        var top = sequences
            .OrderByDescending(q => q.Paths).ThenByDescending(q => q.Learners).ThenBy(q => string.Join(">", q.Steps), StringComparer.Ordinal)
            .Take(PathsQuery.TopSequences);
        return PathLines(paths, Int(total[^1]), nodes, top);
    }

    private static IReadOnlyList<string> PathLines(int paths, int learners, IEnumerable<(int Depth, string Type, int Paths)> nodes,
        IEnumerable<(IReadOnlyList<string> Steps, int Paths, int Learners)> top) =>
    [
        Line("total", paths, learners),
        .. nodes.Select(n => Line("node", n.Depth, n.Type, n.Paths)).Order(StringComparer.Ordinal),
        .. top.Select((q, i) => Line("top", i + 1, q.Steps.Count == 0 ? "(end)" : string.Join(">", q.Steps), q.Paths, q.Learners)),
    ];

    private static string Median(double? seconds) => seconds is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static int Int(string text) => (int)Math.Round(double.Parse(text, CultureInfo.InvariantCulture));

    private static string Line(params object[] fields) => string.Join(' ', fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)));
}
