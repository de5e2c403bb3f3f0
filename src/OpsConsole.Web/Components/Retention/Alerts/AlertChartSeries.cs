using OpsConsole.Retention;
using OpsConsole.Web.Components.Charts;

namespace OpsConsole.Web.Components.Retention.Alerts;

/// <summary>
/// The series of the alert charts. Weeks with no alert have zero bars; a week with no decided outcome is a gap in the
/// save-rate line, not a zero. A chart with nothing to draw gets no series, so it shows its empty state.
/// </summary>
public static class AlertChartSeries
{
    public static IReadOnlyList<ChartSeries> Volume(IReadOnlyList<AlertWeek> weeks, string raised, string stayed, string churned) =>
        weeks.All(w => w.Raised == 0)
            ? []
            :
            [
                new ChartSeries(raised, [.. weeks.Select(w => (double)w.Raised)]),
                new ChartSeries(stayed, [.. weeks.Select(w => (double)w.Stayed)]),
                new ChartSeries(churned, [.. weeks.Select(w => (double)w.Churned)]),
            ];

    public static IReadOnlyList<ChartSeries> SaveRate(IReadOnlyList<AlertWeek> weeks, string name)
    {
        if (weeks.All(w => w.SaveRate is null))
        {
            return [];
        }
        var gaps = weeks.Select((w, i) => (w, i)).Where(x => x.w.SaveRate is null).Select(x => x.i).ToList();
        return [new ChartSeries(name, [.. weeks.Select(w => w.SaveRate ?? 0)]) { Gaps = gaps.Count == 0 ? null : gaps }];
    }
}
