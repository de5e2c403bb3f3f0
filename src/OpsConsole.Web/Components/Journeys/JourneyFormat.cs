using System.Globalization;
using OpsConsole.Analytics;

namespace OpsConsole.Web.Components.Journeys;

/// <summary>Numbers and labels of the journey pages, in the viewer's culture.</summary>
public static class JourneyFormat
{
    public static string Count(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Percent(double? fraction) => fraction is { } f ? f.ToString("P1", CultureInfo.CurrentCulture) : "—";

    /// <summary>A difference of two rates in percentage points, always signed.</summary>
    public static string Points(double? difference) => difference is { } d
        ? (d * 100).ToString("+0.0;−0.0;0.0", CultureInfo.CurrentCulture) + " pp"
        : "—";

    public static string PValue(double? p) => p switch
    {
        null => "—",
        < 0.001 => "< 0.001",
        { } v => v.ToString("0.000", CultureInfo.CurrentCulture),
    };

    public static string Period(DateOnly start, string period) => period switch
    {
        "month" => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => start.ToString("MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>The width of a bar for <paramref name="value"/> out of <paramref name="max"/>, as a CSS percentage.</summary>
    public static string Bar(int value, int max) =>
        (max <= 0 ? 0 : Math.Max(1.0, 100.0 * value / max)).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>The query string of a request's parameters, for CSV links that reproduce what the page shows.</summary>
    public static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
