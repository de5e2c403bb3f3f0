using System.Globalization;
using Microsoft.Extensions.Localization;
using OpsConsole.Analytics;
using OpsConsole.Support.Reports;
using OpsConsole.Web.Components.Overview;
using OpsConsole.Web.Resources;

namespace OpsConsole.Web.Components.Support.Reports;

/// <summary>How the support reports write durations, rates and the satisfaction index, in the viewer's culture.</summary>
public static class SupportReportFormat
{
    public const string Nothing = "—";

    /// <summary>Minutes under two hours, hours under two days, then days: "75 min", "3.5 h", "2.1 d".</summary>
    public static string Duration(IStringLocalizer<SupportReportText> l, double? minutes) => minutes switch
    {
        null => Nothing,
        < 120 => l["Unit_Minutes", Math.Round(minutes.Value).ToString("0", CultureInfo.CurrentCulture)],
        < 48 * 60 => l["Unit_Hours", (minutes.Value / 60).ToString("0.#", CultureInfo.CurrentCulture)],
        _ => l["Unit_Days", (minutes.Value / 1440).ToString("0.#", CultureInfo.CurrentCulture)],
    };

    public static string Rate(double? fraction) => fraction is { } f ? f.ToString("P1", CultureInfo.CurrentCulture) : Nothing;

    public static string Index(double? index) => index is { } i ? i.ToString("0.0", CultureInfo.CurrentCulture) : Nothing;

    /// <summary>A signed change of the index in points ("+3.2", "−1.0"), or a dash when either side is missing.</summary>
    public static string Change(double? points) => points is { } p ? p.ToString("+0.0;−0.0;0.0", CultureInfo.CurrentCulture) : Nothing;

    public static string Rating(double? average) => average is { } a ? a.ToString("0.00", CultureInfo.CurrentCulture) : Nothing;

    public static string Count(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A day, or a week by its Monday; a week cut by the range shows the days it covers.</summary>
    public static string Period(SupportPeriod p, CalendarPeriod bucket) =>
        bucket == CalendarPeriod.Day || (p.From == p.Start && p.To == bucket.Next(p.Start).AddDays(-1)) ? OverviewFormat.Day(p.Start)
        : p.From == p.To ? OverviewFormat.Day(p.From)
        : $"{OverviewFormat.Day(p.From)}–{OverviewFormat.Day(p.To)}";
}
