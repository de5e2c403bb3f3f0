using System.Globalization;
using OpsConsole.Analytics;

namespace OpsConsole.Web.Components.Analysis;

/// <summary>
/// The retention and funnel tables as CSV, one row per table row, with the group (breakdown value) in front so a
/// spreadsheet can pivot them. Numbers are invariant (dot decimals) whatever the reader's language; rates are percent.
/// </summary>
public static class AnalysisCsv
{
    public const string AllLearners = "(all)";

    public static async Task WriteRetentionAsync(TextWriter writer, RetentionReport report, int periods)
    {
        var header = new List<string> { "group", "cohort_start", "cohort_size", "complete" };
        for (var k = 1; k <= periods; k++)
        {
            header.Add($"{report.Period}_{k}_learners");
            header.Add($"{report.Period}_{k}_percent");
        }
        await WriteRowAsync(writer, header);
        foreach (var (group, cohorts) in Groups(report))
        {
            foreach (var cohort in cohorts)
            {
                var row = new List<string> { group, cohort.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Number(cohort.Size), cohort.Complete ? "true" : "false" };
                for (var k = 1; k <= periods; k++)
                {
                    // An unfinished period is left blank: a zero would claim nobody came back.
                    row.Add(k < cohort.Retained.Count ? Number(cohort.Retained[k]) : "");
                    row.Add(RetentionMath.Rate(cohort, k) is { } rate ? Percent(rate) : "");
                }
                await WriteRowAsync(writer, row);
            }
        }
    }

    public static async Task WriteFunnelAsync(TextWriter writer, FunnelReport report)
    {
        await WriteRowAsync(writer, ["group", "step", "event", "learners", "conversion_from_previous_percent", "conversion_overall_percent", "dropped", "median_seconds_from_previous"]);
        IEnumerable<(string, IReadOnlyList<FunnelStep>)> groups = [(AllLearners, report.Steps), .. (report.Groups ?? []).Select(g => (g.Value, g.Steps))];
        foreach (var (group, steps) in groups)
        {
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                await WriteRowAsync(writer,
                [
                    group, Number(i + 1), step.Type, Number(step.Learners),
                    step.ConversionFromPrevious is { } previous ? Percent(previous) : "",
                    step.ConversionFromStart is { } overall ? Percent(overall) : "",
                    FunnelMath.Dropped(steps, i) is { } dropped ? Number(dropped) : "",
                    step.MedianSecondsFromPrevious is { } median ? median.ToString("0.###", CultureInfo.InvariantCulture) : "",
                ]);
            }
        }
    }

    private static IEnumerable<(string Group, IReadOnlyList<RetentionCohort> Cohorts)> Groups(RetentionReport report) =>
        [(AllLearners, report.Cohorts), .. (report.Groups ?? []).Select(g => (g.Value, g.Cohorts))];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture);

    public static Task WriteRowAsync(TextWriter writer, IEnumerable<string> cells) =>
        writer.WriteLineAsync(string.Join(',', cells.Select(Escape)));

    /// <summary>
    /// Quotes what CSV needs quoted, and defuses a leading formula character, since breakdown values come from the
    /// platform's data and spreadsheets would run them.
    /// </summary>
    public static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
