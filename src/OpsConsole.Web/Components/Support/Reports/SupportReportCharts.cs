using OpsConsole.Support;
using OpsConsole.Support.Reports;
using OpsConsole.Web.Components.Charts;

namespace OpsConsole.Web.Components.Support.Reports;

/// <summary>
/// The series the support reports page draws. A period without a figure (nothing answered, nothing decided, nobody
/// rated) is a gap in its line, not a zero; a chart with no figure at all gets no series, so it shows its empty state.
/// </summary>
public static class SupportReportCharts
{
    /// <summary>Intents drawn on their own in the mix; the rest are added up as one "other" band.</summary>
    public const int MaxIntents = 8;

    /// <summary>Median and p90 of first response and resolution per period, in hours, in calendar or business time.</summary>
    public static IReadOnlyList<ChartSeries> Times(SupportReport report, bool business, Func<string, string> name)
    {
        ChartSeries Series(string key, Func<SupportPeriod, double?> minutes) => Line(name(key), report.Periods.Select(p => minutes(p) / 60));
        return NoneIfEmpty(
        [
            Series("Series_FirstMedian", p => business ? p.FirstResponse.BusinessMedianMinutes : p.FirstResponse.MedianMinutes),
            Series("Series_FirstP90", p => business ? p.FirstResponse.BusinessP90Minutes : p.FirstResponse.P90Minutes),
            Series("Series_ResolutionMedian", p => business ? p.Resolution.BusinessMedianMinutes : p.Resolution.MedianMinutes),
            Series("Series_ResolutionP90", p => business ? p.Resolution.BusinessP90Minutes : p.Resolution.P90Minutes),
        ]);
    }

    /// <summary>First-response and resolution hit rates per period, as fractions.</summary>
    public static IReadOnlyList<ChartSeries> SlaHitRate(SupportReport report, Func<string, string> name) => NoneIfEmpty(
    [
        Line(name("Series_SlaFirst"), report.Periods.Select(p => p.FirstResponseSla.HitRate)),
        Line(name("Series_SlaResolution"), report.Periods.Select(p => p.ResolutionSla.HitRate)),
    ]);

    /// <summary>One series per open status over the age buckets, to stack.</summary>
    public static IReadOnlyList<ChartSeries> Backlog(SupportReport report, Func<TicketStatus, string> name) => report.Backlog.Total == 0
        ? []
        : [.. report.Backlog.Rows.Select(r => new ChartSeries(name(r.Status), [.. r.Counts.Select(c => (double)c)]))];

    /// <summary>Tickets created per period by intent, the largest intents first, the rest as "other" and unread tickets last.</summary>
    public static IReadOnlyList<ChartSeries> IntentMix(SupportReport report, Func<string, string> intentName, string other)
    {
        if (report.TicketsCreated == 0)
        {
            return [];
        }
        var named = report.Intents.Select((intent, i) => (intent, i)).Where(x => x.intent != SupportReport.Unclassified).ToList();
        var shown = named.Take(MaxIntents).ToList();
        var series = shown.Select(x => new ChartSeries(intentName(x.intent), [.. report.Periods.Select(p => (double)p.IntentCounts[x.i])])).ToList();
        var rest = named.Skip(MaxIntents).Select(x => x.i).ToList();
        if (rest.Count > 0)
        {
            series.Add(new ChartSeries(other, [.. report.Periods.Select(p => (double)rest.Sum(i => p.IntentCounts[i]))]));
        }
        var unread = report.Intents.ToList().IndexOf(SupportReport.Unclassified);
        if (unread >= 0)
        {
            series.Add(new ChartSeries(intentName(SupportReport.Unclassified), [.. report.Periods.Select(p => (double)p.IntentCounts[unread])]));
        }
        return series;
    }

    /// <summary>The satisfaction index per period.</summary>
    public static IReadOnlyList<ChartSeries> Satisfaction(SupportReport report, string name) =>
        NoneIfEmpty([Line(name, report.Periods.Select(p => p.Satisfaction.Index))]);

    private static ChartSeries Line(string name, IEnumerable<double?> values)
    {
        var list = values.ToList();
        var gaps = list.Select((v, i) => (v, i)).Where(x => x.v is null).Select(x => x.i).ToList();
        return new ChartSeries(name, [.. list.Select(v => v ?? 0)]) { Gaps = gaps.Count == 0 ? null : gaps };
    }

    private static IReadOnlyList<ChartSeries> NoneIfEmpty(IReadOnlyList<ChartSeries> series) =>
        series.All(s => s.Gaps is { } gaps && gaps.Count == s.Data.Count) ? [] : series;
}
