using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;

namespace OpsConsole.Bench.Analytics;

/// <summary>
/// One behaviour query under test: how the product answers it in-process, the SQL an analyst would write for the same
/// question, and how both answers are written as comparable lines (the same numbers, in the same order).
/// </summary>
public sealed record BenchQuery(
    string Name,
    Func<IServiceProvider, BenchScenario, CancellationToken, Task<IReadOnlyList<string>>> Ours,
    Func<SqlDialect, BenchScenario, string> HandWritten,
    Func<IReadOnlyList<string[]>, IReadOnlyList<string>> ReadHandWritten);

public static class BenchQueries
{
    /// <summary>Every query the benchmark measures; a new query is one more entry here and a file of its SQL.</summary>
    public static IReadOnlyList<BenchQuery> All { get; } =
    [
        new("retention (12 weeks)", RetentionOursAsync, HandWrittenSql.Retention, ReadRetention),
        new("funnel (4 steps)", FunnelOursAsync, HandWrittenSql.Funnel, ReadFunnel),
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

    private static IReadOnlyList<string> ReadRetention(IReadOnlyList<string[]> rows) =>
        [.. rows.Select(r => Line(r[0], Int(r[1]), Int(r[2]))).Order(StringComparer.Ordinal)];

    private static async Task<IReadOnlyList<string>> FunnelOursAsync(IServiceProvider services, BenchScenario s, CancellationToken ct)
    {
        var report = await services.GetRequiredService<FunnelQuery>().RunAsync(s.Funnel, ct);
        return [.. report.Steps.Select((step, i) => Line(i + 1, step.Learners, Median(step.MedianSecondsFromPrevious)))];
    }

    private static IReadOnlyList<string> ReadFunnel(IReadOnlyList<string[]> rows) =>
        [.. rows.Select(r => Line(Int(r[0]), Int(r[1]), Median(r[2].Length == 0 ? null : double.Parse(r[2], CultureInfo.InvariantCulture))))];

    private static string Median(double? seconds) => seconds is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static int Int(string text) => (int)Math.Round(double.Parse(text, CultureInfo.InvariantCulture));

    private static string Line(params object[] fields) => string.Join(' ', fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)));
}
