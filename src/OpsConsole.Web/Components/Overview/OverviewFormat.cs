using System.Globalization;

namespace OpsConsole.Web.Components.Overview;

/// <summary>How the overview writes its figures. Revenue is in the platform's currency (CNY) whatever the UI language.</summary>
public static partial class OverviewFormat
{
    private static readonly CultureInfo Yuan = CultureInfo.GetCultureInfo("zh-CN");

    public static string Number(decimal value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Currency(decimal value) =>
        value.ToString(Math.Abs(value) >= 10_000m ? "C0" : "C2", Yuan);

    /// <summary>A fraction (0.25) as a percentage (25.0%).</summary>
    public static string Percent(decimal fraction) => fraction.ToString("P1", CultureInfo.CurrentCulture);

    /// <summary>Signed relative change ("+12.5%"), or null when there is no previous value to compare with.</summary>
    public static string? Change(decimal? percent) => percent switch
    {
        null => null,
        0m => "0%",
        { } p => (p > 0 ? "+" : "") + p.ToString("0.#", CultureInfo.CurrentCulture) + "%",
    };

    /// <summary>Month and day in the culture's short order without the year ("10/30" in English, "10/30" in Chinese, "30.10" in German): short enough for 90 axis labels.</summary>
    public static string Day(DateOnly day) => day.ToString(MonthDayPattern(CultureInfo.CurrentCulture), CultureInfo.CurrentCulture);

    internal static string MonthDayPattern(CultureInfo culture) =>
        YearPart().Replace(culture.DateTimeFormat.ShortDatePattern, "") is { Length: > 0 } pattern ? pattern : "M/d";

    // The year with the separator that joins it to the rest, whether it leads (yyyy/M/d) or trails (M/d/yyyy).
    [System.Text.RegularExpressions.GeneratedRegex(@"^y+[^dM]*|[^dM]*y+$")]
    private static partial System.Text.RegularExpressions.Regex YearPart();
}
