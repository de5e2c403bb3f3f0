using System.Globalization;
using OpsConsole.Analytics;
using OpsConsole.Profiles;

namespace OpsConsole.Web.Components.Profiles;

/// <summary>How profile pages write figures: money in the platform currency, times in the platform time zone.</summary>
public static class ProfileFormat
{
    private static readonly CultureInfo Yuan = CultureInfo.GetCultureInfo("zh-CN");

    public static string Money(decimal value) => value.ToString(Math.Abs(value) >= 10_000m ? "C0" : "C2", Yuan);

    public static string Percent(double fraction) => fraction.ToString("P0", CultureInfo.CurrentCulture);

    public static string Date(DateTime? utc, PlatformTime time) =>
        utc is { } at ? time.DayOf(at).ToString("d", CultureInfo.CurrentCulture) : "—";

    public static string DateTime(DateTime? utc, PlatformTime time) =>
        utc is { } at ? TimeZoneInfo.ConvertTimeFromUtc(at, time.Zone).ToString("g", CultureInfo.CurrentCulture) : "—";

    /// <summary>"3 days ago" style, for lists where the exact time matters less than how long ago.</summary>
    public static string Ago(DateTime? utc, DateTime now)
    {
        if (utc is not { } at)
        {
            return "—";
        }
        var span = now - at;
        var zh = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        return span.TotalMinutes < 1 ? (zh ? "刚刚" : "just now")
            : span.TotalHours < 1 ? (zh ? $"{(int)span.TotalMinutes} 分钟前" : $"{(int)span.TotalMinutes} min ago")
            : span.TotalDays < 1 ? (zh ? $"{(int)span.TotalHours} 小时前" : $"{(int)span.TotalHours} h ago")
            : zh ? $"{(int)span.TotalDays} 天前" : $"{(int)span.TotalDays} d ago";
    }

    public static string StageClass(LifecycleStage? stage) => "ops-stage ops-stage--" + (stage?.ToString().ToLowerInvariant() ?? "none");

    public static string StageKey(LifecycleStage? stage) => "Stage_" + (stage?.ToString() ?? "None");

    public static string RfmKey(RfmSegment segment) => "Rfm_" + segment;

    public static string MemberKey(MembershipState state) => "Member_" + state;
}
