using System.Globalization;
using OpsConsole.Exports;
using OpsConsole.Recommendations;
using OpsConsole.Web.Components.Recommendations;

namespace OpsConsole.Web.Recommendations;

/// <summary>
/// The recommendation pages' tables as CSV. Numbers are invariant (dot decimals) whatever the reader's language, times
/// are UTC in ISO 8601, rates are fractions as the API returns them.
/// </summary>
public static class RecommendationCsv
{
    public static async Task WriteVersionsAsync(TextWriter writer, IEnumerable<ModelRow> rows)
    {
        await RowAsync(writer, ["version", "status", "algorithm", "started_by", "started_at", "finished_at", "duration_ms", "data_from", "data_to",
            "learners", "items", "interactions", "k", "ndcg", "precision", "recall", "map", "hit_rate", "promoted_at", "promoted_by", "error"]);
        foreach (var row in rows)
        {
            var m = row.Model;
            var p = row.Primary;
            await RowAsync(writer,
            [
                Number(m.Id), m.Status.ToString().ToLowerInvariant(), m.Algorithm, m.StartedBy, Time(m.StartedAt), Time(m.FinishedAt), Number(m.DurationMs),
                Time(m.DataFrom), Time(m.DataTo), Number(m.Learners), Number(m.Items), Number(m.Interactions),
                row.Metrics is { } metrics ? Number(metrics.K) : "", Fraction(row.RankingNdcg), Fraction(row.RankingPrecision), Fraction(p?.Recall), Fraction(p?.Map),
                Fraction(p?.HitRate), Time(m.PromotedAt), m.PromotedBy, m.Error,
            ]);
        }
    }

    /// <summary>One row per version and generator, with the protocol beside the figures so a spreadsheet cannot lose it.</summary>
    public static async Task WriteMetricsAsync(TextWriter writer, IEnumerable<ModelRow> rows)
    {
        await RowAsync(writer, ["version", "generator", "ranks_lists", "k", "learners_evaluated", "precision", "recall", "ndcg", "map", "hit_rate",
            "coverage", "novelty_bits", "diversity", "train_seconds", "cutoff", "protocol"]);
        foreach (var row in rows)
        {
            if (row.Metrics is not { } metrics)
            {
                continue;
            }
            foreach (var g in metrics.Generators)
            {
                await RowAsync(writer,
                [
                    Number(row.Version), g.Generator, g.Generator == metrics.Primary ? "true" : "false", Number(metrics.K), Number(g.Users),
                    Fraction(g.Precision), Fraction(g.Recall), Fraction(g.Ndcg), Fraction(g.Map), Fraction(g.HitRate), Fraction(g.Coverage),
                    Fraction(g.Novelty), Fraction(g.Diversity), Fraction(g.TrainSeconds), Time(metrics.Cutoff), metrics.Protocol,
                ]);
            }
            if (metrics.Rerank is { Used: true } rerank)
            {
                // Judged on half of the held-out learners (the other half trained it), so only what that comparison measured.
                await RowAsync(writer,
                [
                    Number(row.Version), ModelBundle.Rerank, metrics.Primary == ModelBundle.Rerank ? "true" : "false", Number(metrics.K),
                    Number(rerank.EvaluationLearners), Fraction(rerank.Precision), "", Fraction(rerank.Ndcg), "", "", "", "", "", "", Time(metrics.Cutoff),
                    $"Learned re-ranker against {rerank.Baseline} (NDCG {Fraction(rerank.BaselineNdcg)}, precision {Fraction(rerank.BaselinePrecision)}) on the same held-out learners. {metrics.Protocol}",
                ]);
            }
        }
    }

    public static async Task WriteOnlineVersionsAsync(TextWriter writer, OnlineReport report)
    {
        await RowAsync(writer, ["version", "from", "to", "lists", "impressions", "clicks", "ctr", "purchases", "conversion", "revenue", "revenue_per_1000"]);
        foreach (var v in report.Versions)
        {
            await RowAsync(writer, [Number(v.ModelVersion), Day(report.Range.From), Day(report.Range.To), Number(v.Lists), .. Figures(v.Figures)]);
        }
    }

    public static async Task WriteOnlineDaysAsync(TextWriter writer, OnlineReport report)
    {
        await RowAsync(writer, ["version", "day", "impressions", "clicks", "ctr", "purchases", "conversion", "revenue", "revenue_per_1000"]);
        foreach (var d in report.Days)
        {
            await RowAsync(writer, [Number(d.ModelVersion), Day(d.Day), .. Figures(d.Figures)]);
        }
    }

    public static async Task WriteOnlinePositionsAsync(TextWriter writer, OnlineReport report)
    {
        await RowAsync(writer, ["version", "position", "impressions", "clicks", "ctr", "purchases", "conversion", "revenue", "revenue_per_1000"]);
        foreach (var p in report.Positions)
        {
            await RowAsync(writer, [Number(p.ModelVersion), Number(p.Position), .. Figures(p.Figures)]);
        }
    }

    private static string[] Figures(OnlineFigures f) =>
    [
        Number(f.Impressions), Number(f.Clicks), Fraction(f.ClickThroughRate), Number(f.Purchases), Fraction(f.PurchaseRate),
        f.Revenue.ToString("0.00", CultureInfo.InvariantCulture), f.RevenuePerThousand.ToString("0.00", CultureInfo.InvariantCulture),
    ];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Fraction(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";

    private static string Time(DateTime? utc) => utc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task RowAsync(TextWriter writer, IEnumerable<string?> fields) =>
        writer.WriteAsync(string.Join(",", fields.Select(CsvField.Escape)) + "\r\n");
}
