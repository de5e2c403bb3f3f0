using OpsConsole.Analytics;

namespace OpsConsole.Tests.Analytics;

internal sealed class AnalyticsClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public static PlatformTime Platform(string zone = "Asia/Shanghai", DateTimeOffset? now = null) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(zone), new AnalyticsClock(now ?? new DateTimeOffset(2026, 5, 10, 4, 0, 0, TimeSpan.Zero)));
}
