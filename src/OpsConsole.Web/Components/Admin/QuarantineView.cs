using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;
using OpsConsole.Ingestion;

namespace OpsConsole.Web.Components.Admin;

/// <summary>Translates between the quarantine page (grid state, picked dates, the export link) and <see cref="QuarantineQueries"/>.</summary>
public static class QuarantineView
{
    public const string ExportPath = "/admin/quarantine/export";

    public static QuarantinePageRequest ToRequest(GridState<QuarantinedRecord> state, QuarantineFilter filter)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var sortBy = sort is not null && Enum.TryParse<QuarantineSort>(sort.SortBy, out var column) ? column : QuarantineSort.ReceivedAt;
        var descending = sort?.Descending ?? true;
        return new QuarantinePageRequest(filter, state.Page, state.PageSize, sortBy, descending);
    }

    /// <summary>Picked days are whole UTC days; the end day is included.</summary>
    public static QuarantineFilter WithDays(QuarantineFilter filter, DateTime? fromDay, DateTime? toDay) => filter with
    {
        FromUtc = fromDay is { } from ? DateTime.SpecifyKind(from.Date, DateTimeKind.Utc) : null,
        ToUtc = toDay is { } to ? DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc) : null,
    };

    public static string ExportUrl(QuarantineFilter filter)
    {
        var query = new Dictionary<string, string?>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) query[key] = value;
        }
        Add("kind", filter.Kind);
        Add("source", filter.Source);
        Add("field", filter.Field);
        Add("q", filter.Text);
        Add("from", filter.FromUtc?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", filter.ToUtc?.ToString("O", CultureInfo.InvariantCulture));
        return QueryHelpers.AddQueryString(ExportPath, query);
    }

    public static QuarantineFilter FromQuery(IQueryCollection query) => new(
        Kind: query["kind"].FirstOrDefault(),
        Source: query["source"].FirstOrDefault(),
        Field: query["field"].FirstOrDefault(),
        Text: query["q"].FirstOrDefault(),
        FromUtc: ParseUtc(query["from"].FirstOrDefault()),
        ToUtc: ParseUtc(query["to"].FirstOrDefault()));

    private static DateTime? ParseUtc(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
            : null;
}
