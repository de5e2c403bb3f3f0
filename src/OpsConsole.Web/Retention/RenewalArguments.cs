using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using OpsConsole.Commerce;
using OpsConsole.Retention.Renewals;

namespace OpsConsole.Web.Retention;

/// <summary>The renewals page's choices as query-string arguments of its CSV downloads, and back.</summary>
public static class RenewalArguments
{
    public const string PagePath = "/retention/renewals";
    public const string ExpiringTable = "expiring";
    public const string CohortsTable = "cohorts";
    public const string FailedTable = "failed";
    public static readonly IReadOnlyList<string> Tables = [ExpiringTable, CohortsTable, FailedTable];

    public static string ExportUrl(string table, IDictionary<string, string?>? arguments = null) =>
        QueryHelpers.AddQueryString($"{PagePath}/{table}/export.csv", (arguments ?? new Dictionary<string, string?>()).Where(a => a.Value is not null));

    public static string ExpiringUrl(ExpiringRequest request) => ExportUrl(ExpiringTable, new Dictionary<string, string?>
    {
        ["days"] = request.Days.ToString(CultureInfo.InvariantCulture),
        ["plan"] = request.Plan?.ToString().ToLowerInvariant(),
        ["sort"] = request.Sort == ExpiringSort.ExpiresAt ? null : request.Sort.ToString().ToLowerInvariant(),
        ["desc"] = request.Descending ? "true" : null,
    });

    public static string FailedUrl(FailedRenewalRequest request) => ExportUrl(FailedTable, new Dictionary<string, string?>
    {
        ["plan"] = request.Plan?.ToString().ToLowerInvariant(),
        ["outcome"] = request.Outcome?.ToString().ToLowerInvariant(),
    });

    public static string CohortsUrl(int months) => ExportUrl(CohortsTable, new Dictionary<string, string?> { ["months"] = months.ToString(CultureInfo.InvariantCulture) });

    /// <summary>The expiring list's arguments (days defaults to <paramref name="defaultDays"/>); problems name the argument.</summary>
    public static (ExpiringRequest? Request, Dictionary<string, string[]> Errors) ParseExpiring(IQueryCollection query, int defaultDays)
    {
        var errors = new Dictionary<string, string[]>();
        var days = defaultDays;
        if (query["days"].ToString() is { Length: > 0 } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days > RenewalQueries.MaxWindowDays))
        {
            errors["days"] = [$"'{text}' is not a number of days from 0 to {RenewalQueries.MaxWindowDays}."];
        }
        var plan = Enum<MembershipPlan>(query, "plan", errors);
        var sort = Enum<ExpiringSort>(query, "sort", errors) ?? ExpiringSort.ExpiresAt;
        var descending = query["desc"].ToString() is "true" or "1";
        return errors.Count > 0 ? (null, errors) : (new ExpiringRequest(days, plan, sort, descending), errors);
    }

    public static (FailedRenewalRequest? Request, Dictionary<string, string[]> Errors) ParseFailed(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        var plan = Enum<MembershipPlan>(query, "plan", errors);
        var outcome = Enum<RenewalOutcome>(query, "outcome", errors);
        return errors.Count > 0 ? (null, errors) : (new FailedRenewalRequest(plan, outcome), errors);
    }

    public static (int? Months, Dictionary<string, string[]> Errors) ParseCohorts(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        if (query["months"].ToString() is not { Length: > 0 } text)
        {
            return (null, errors);
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var months) || months is < 1 or > RenewalCohorts.MaxMonths)
        {
            errors["months"] = [$"'{text}' is not a number of months from 1 to {RenewalCohorts.MaxMonths}."];
            return (null, errors);
        }
        return (months, errors);
    }

    private static T? Enum<T>(IQueryCollection query, string name, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !char.IsDigit(text[0]))
        {
            return value;
        }
        errors[name] = [$"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}."];
        return null;
    }
}
