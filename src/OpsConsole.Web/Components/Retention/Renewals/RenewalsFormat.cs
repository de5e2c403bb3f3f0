using System.Globalization;
using OpsConsole.Analytics;
using OpsConsole.Learners;

namespace OpsConsole.Web.Components.Retention.Renewals;

/// <summary>How the renewals page writes names, times and rates.</summary>
public static class RenewalsFormat
{
    /// <summary>A UTC instant as a platform-local date and time.</summary>
    public static string Local(DateTime utc, PlatformTime time) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), time.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Week(DateOnly week) => week.ToString("MM-dd", CultureInfo.InvariantCulture);

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.CurrentCulture) + "%" : "–";

    public static string Money(decimal? amount) => amount is { } a ? a.ToString("N0", CultureInfo.CurrentCulture) : "–";

    public static string Count(int n) => n.ToString("N0", CultureInfo.CurrentCulture);
}
