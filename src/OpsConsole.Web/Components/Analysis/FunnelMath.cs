using System.Globalization;
using OpsConsole.Analytics;

namespace OpsConsole.Web.Components.Analysis;

public static class FunnelMath
{
    /// <summary>The learners who reached step <paramref name="index"/> (0-based) and not the next; null for the last step.</summary>
    public static int? Dropped(IReadOnlyList<FunnelStep> steps, int index) =>
        index + 1 < steps.Count ? steps[index].Learners - steps[index + 1].Learners : null;

    /// <summary>A duration the way people say it: "45 s", "12 min", "3.5 h", "2.1 d".</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 60 => seconds.ToString("0", CultureInfo.CurrentCulture) + " s",
        < 3600 => (seconds / 60).ToString("0", CultureInfo.CurrentCulture) + " min",
        < 86400 => (seconds / 3600).ToString("0.#", CultureInfo.CurrentCulture) + " h",
        _ => (seconds / 86400).ToString("0.#", CultureInfo.CurrentCulture) + " d",
    };
}
