using System.Globalization;
using OpsConsole.Exports;
using OpsConsole.Support.Reports;

namespace OpsConsole.Web.Support;

/// <summary>
/// The support reports' tables and series as CSV. Numbers are invariant (dot decimals), durations in minutes, rates as
/// fractions (0.25), days as platform days; per-period files end with an <c>(all)</c> row for the whole range.
/// </summary>
public static class SupportReportCsv
{
    public const string All = "(all)";

    /// <summary>The file names (…/{table}/export.csv) in the order the page offers them.</summary>
    public static readonly IReadOnlyList<string> Tables = ["times", "sla", "sla-by-priority", "backlog", "intents", "automation", "satisfaction", "agents"];

    public static Task WriteAsync(string table, TextWriter writer, SupportReport report) => table switch
    {
        "times" => TimesAsync(writer, report),
        "sla" => SlaAsync(writer, report),
        "sla-by-priority" => SlaByPriorityAsync(writer, report),
        "backlog" => BacklogAsync(writer, report),
        "intents" => IntentsAsync(writer, report),
        "automation" => AutomationAsync(writer, report),
        "satisfaction" => SatisfactionAsync(writer, report),
        "agents" => AgentsAsync(writer, report),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a support report table."),
    };

    private static async Task TimesAsync(TextWriter writer, SupportReport report)
    {
        string[] Columns(string what) =>
            [$"{what}_count", $"{what}_median_minutes", $"{what}_p90_minutes", $"{what}_business_median_minutes", $"{what}_business_p90_minutes"];
        await RowAsync(writer, [.. PeriodColumns, .. Columns("first_response"), .. Columns("resolution")]);
        foreach (var p in report.Periods)
        {
            await RowAsync(writer, [.. Period(p), .. Durations(p.FirstResponse), .. Durations(p.Resolution)]);
        }
        await RowAsync(writer, [.. Whole(report), .. Durations(report.Totals.FirstResponse), .. Durations(report.Totals.Resolution)]);
    }

    private static async Task SlaAsync(TextWriter writer, SupportReport report)
    {
        await RowAsync(writer, [.. PeriodColumns, .. SlaColumns]);
        foreach (var p in report.Periods)
        {
            await RowAsync(writer, [.. Period(p), .. Sla(p.FirstResponseSla), .. Sla(p.ResolutionSla)]);
        }
        await RowAsync(writer, [.. Whole(report), .. Sla(report.Totals.FirstResponseSla), .. Sla(report.Totals.ResolutionSla)]);
    }

    private static async Task SlaByPriorityAsync(TextWriter writer, SupportReport report)
    {
        await RowAsync(writer, ["priority", "from", "to", .. SlaColumns]);
        foreach (var p in report.SlaByPriority)
        {
            await RowAsync(writer, [p.Priority.ToString().ToLowerInvariant(), Day(report.Request.Range.From), Day(report.Request.Range.To), .. Sla(p.FirstResponse), .. Sla(p.Resolution)]);
        }
    }

    private static async Task BacklogAsync(TextWriter writer, SupportReport report)
    {
        await RowAsync(writer, ["as_of", "status", .. BacklogAges.All, "total"]);
        var asOf = report.Backlog.AsOfUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        foreach (var row in report.Backlog.Rows)
        {
            await RowAsync(writer, [asOf, row.Status.ToString().ToLowerInvariant(), .. row.Counts.Select(Number), Number(row.Total)]);
        }
    }

    private static async Task IntentsAsync(TextWriter writer, SupportReport report)
    {
        await RowAsync(writer, [.. PeriodColumns, "intent", "tickets"]);
        foreach (var p in report.Periods)
        {
            for (var i = 0; i < report.Intents.Count; i++)
            {
                await RowAsync(writer, [.. Period(p), report.Intents[i], Number(p.IntentCounts[i])]);
            }
        }
    }

    private static async Task AutomationAsync(TextWriter writer, SupportReport report)
    {
        await RowAsync(writer, [.. PeriodColumns, "created", "auto_replied", "auto_resolved", "automated_resolution_rate"]);
        foreach (var p in report.Periods)
        {
            await RowAsync(writer, [.. Period(p), .. Automation(p.Automation)]);
        }
        await RowAsync(writer, [.. Whole(report), .. Automation(report.Totals.Automation)]);
    }

    private static async Task SatisfactionAsync(TextWriter writer, SupportReport report)
    {
        await RowAsync(writer, [.. PeriodColumns, "ratings", "average_rating", "satisfaction_index", "previous_index", "change"]);
        foreach (var p in report.Periods)
        {
            await RowAsync(writer, [.. Period(p), .. Satisfaction(p.Satisfaction)]);
        }
        await RowAsync(writer, [.. Whole(report), .. Satisfaction(report.Totals.Satisfaction)]);
    }

    private static async Task AgentsAsync(TextWriter writer, SupportReport report)
    {
        await RowAsync(writer, ["agent_id", "name", "active", "status", "capacity", "open", "utilisation", "solved", "first_responses",
            "median_first_response_minutes", "csat_count", "csat_average"]);
        foreach (var a in report.Agents)
        {
            await RowAsync(writer,
            [
                a.AgentId, a.Name, a.Active ? "true" : "false", a.Status?.ToString().ToLowerInvariant() ?? "", Number(a.Capacity), Number(a.OpenLoad),
                Fraction(a.Utilisation), Number(a.Solved), Number(a.FirstResponses), Minutes(a.MedianFirstResponseMinutes), Number(a.CsatCount),
                Fraction(a.CsatAverage),
            ]);
        }
    }

    private static readonly string[] PeriodColumns = ["period_start", "from", "to", "complete"];

    private static readonly string[] SlaColumns =
        ["first_response_met", "first_response_missed", "first_response_hit_rate", "resolution_met", "resolution_missed", "resolution_hit_rate"];

    private static string[] Period(SupportPeriod p) => [Day(p.Start), Day(p.From), Day(p.To), p.Complete ? "true" : "false"];

    private static string[] Whole(SupportReport r) =>
        [All, Day(r.Request.Range.From), Day(r.Request.Range.To), r.Periods.All(p => p.Complete) ? "true" : "false"];

    private static string[] Durations(DurationFigures d) =>
        [Number(d.Count), Minutes(d.MedianMinutes), Minutes(d.P90Minutes), Minutes(d.BusinessMedianMinutes), Minutes(d.BusinessP90Minutes)];

    private static string[] Sla(SlaFigures s) => [Number(s.Met), Number(s.Missed), Fraction(s.HitRate)];

    private static string[] Automation(AutomationFigures a) => [Number(a.Created), Number(a.AutoReplied), Number(a.AutoResolved), Fraction(a.Rate)];

    private static string[] Satisfaction(SatisfactionFigures s) =>
        [Number(s.Ratings), Fraction(s.AverageRating), Points(s.Index), Points(s.PreviousIndex), Points(s.Change)];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Minutes(double? value) => value is { } v ? Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture) : "";

    private static string Points(double? value) => value is { } v ? Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture) : "";

    private static string Fraction(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // A plain number is written as it is: the formula guard would otherwise turn a negative change into text.
    private static Task RowAsync(TextWriter writer, IEnumerable<string?> fields) =>
        writer.WriteAsync(string.Join(",", fields.Select(f => IsNumber(f) ? f : CsvField.Escape(f))) + "\r\n");

    private static bool IsNumber(string? field) =>
        field is { Length: > 0 } && double.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
}
