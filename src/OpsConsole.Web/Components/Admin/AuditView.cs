using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using OpsConsole.Privacy;
using OpsConsole.Web.Privacy;

namespace OpsConsole.Web.Components.Admin;

/// <summary>Translates between the audit page (picked dates, the export link) and <see cref="AuditLog"/>'s filter.</summary>
public static class AuditView
{
    /// <summary>Picked days are whole UTC days; the end day is included.</summary>
    public static AuditFilter WithDays(AuditFilter filter, DateTime? fromDay, DateTime? toDay) => filter with
    {
        FromUtc = fromDay is { } from ? DateTime.SpecifyKind(from.Date, DateTimeKind.Utc) : null,
        ToUtc = toDay is { } to ? DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc) : null,
    };

    public static string ExportUrl(AuditFilter filter)
    {
        var query = new Dictionary<string, string?>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) query[key] = value;
        }
        Add("actor", filter.Actor);
        Add("action", filter.Action);
        Add("target", filter.Target);
        Add("from", filter.FromUtc?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", filter.ToUtc?.ToString("O", CultureInfo.InvariantCulture));
        return QueryHelpers.AddQueryString(PrivacySetup.AuditExportPath, query);
    }

    public static AuditFilter FromQuery(IQueryCollection query) => new(
        Actor: query["actor"].FirstOrDefault(),
        Action: query["action"].FirstOrDefault(),
        Target: query["target"].FirstOrDefault(),
        FromUtc: ParseUtc(query["from"].FirstOrDefault()),
        ToUtc: ParseUtc(query["to"].FirstOrDefault()));

    private static DateTime? ParseUtc(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
            : null;
}
