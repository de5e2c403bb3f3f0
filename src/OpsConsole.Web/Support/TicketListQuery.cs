using Microsoft.AspNetCore.WebUtilities;
using OpsConsole.Support;

namespace OpsConsole.Web.Support;

/// <summary>The queue's view, filters and order as a query string, so the CSV export downloads exactly what the page lists.</summary>
public static class TicketListQuery
{
    public const string ExportPath = "/support/export.csv";

    /// <summary>The query from a request; the agent for "mine" is always the caller, never a parameter.</summary>
    public static TicketQuery Parse(IQueryCollection q, string agentId)
    {
        var view = Enum.TryParse<TicketView>(q["view"], true, out var v) && Enum.IsDefined(v) ? v : TicketView.Open;
        return Filters(q) with { View = view, AgentId = view == TicketView.Mine ? agentId : null };
    }

    private static TicketQuery Filters(IQueryCollection q) => new(
        Search: Blank(q["q"]),
        Status: Enum.TryParse<TicketStatus>(q["status"], true, out var status) && Enum.IsDefined(status) ? status : null,
        Priority: Enum.TryParse<TicketPriority>(q["priority"], true, out var priority) && Enum.IsDefined(priority) ? priority : null,
        Intent: Blank(q["intent"]),
        Language: Blank(q["language"]),
        Sort: Enum.TryParse<TicketSort>(q["sort"], true, out var sort) && Enum.IsDefined(sort) ? sort : TicketSort.Updated,
        Descending: !string.Equals(q["desc"], "false", StringComparison.OrdinalIgnoreCase));

    public static string ToExportUrl(TicketQuery query)
    {
        var values = new Dictionary<string, string?>
        {
            ["view"] = query.View.ToString().ToLowerInvariant(),
            ["q"] = query.Search,
            ["status"] = query.Status?.ToString().ToLowerInvariant(),
            ["priority"] = query.Priority?.ToString().ToLowerInvariant(),
            ["intent"] = query.Intent,
            ["language"] = query.Language,
            ["sort"] = query.Sort.ToString().ToLowerInvariant(),
            ["desc"] = query.Descending ? "true" : "false",
        };
        return QueryHelpers.AddQueryString(ExportPath, values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
