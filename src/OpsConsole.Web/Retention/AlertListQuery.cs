using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using OpsConsole.Retention;

namespace OpsConsole.Web.Retention;

/// <summary>The alert list's filters and order as a query string, so the CSV export downloads exactly what the page lists.</summary>
public static class AlertListQuery
{
    public const string ExportPath = "/retention/alerts/export.csv";

    public static AlertQuery Parse(IQueryCollection q) => new(
        Status: Enum.TryParse<AlertStatusFilter>(q["status"], true, out var status) && Enum.IsDefined(status) ? status : AlertStatusFilter.Unresolved,
        Tier: Enum.TryParse<ValueTier>(q["tier"], true, out var tier) && Enum.IsDefined(tier) ? tier : null,
        SegmentId: int.TryParse(q["segment"], NumberStyles.None, CultureInfo.InvariantCulture, out var segment) ? segment : null,
        AssignedTo: Blank(q["assignee"]),
        From: Day(q["from"]),
        To: Day(q["to"]),
        LearnerId: Blank(q["learner"]),
        Sort: Enum.TryParse<AlertSort>(q["sort"], true, out var sort) && Enum.IsDefined(sort) ? sort : AlertSort.Raised,
        Descending: !string.Equals(q["desc"], "false", StringComparison.OrdinalIgnoreCase));

    public static string ToExportUrl(AlertQuery query)
    {
        var values = new Dictionary<string, string?>
        {
            ["status"] = query.Status.ToString().ToLowerInvariant(),
            ["tier"] = query.Tier?.ToString().ToLowerInvariant(),
            ["segment"] = query.SegmentId?.ToString(CultureInfo.InvariantCulture),
            ["assignee"] = query.AssignedTo,
            ["from"] = query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["learner"] = query.LearnerId,
            ["sort"] = query.Sort.ToString().ToLowerInvariant(),
            ["desc"] = query.Descending ? "true" : "false",
        };
        return QueryHelpers.AddQueryString(ExportPath, values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    private static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
