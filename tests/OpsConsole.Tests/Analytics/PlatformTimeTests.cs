using Microsoft.Extensions.Configuration;
using OpsConsole.Analytics;

namespace OpsConsole.Tests.Analytics;

public sealed class PlatformTimeTests
{
    private static DateTime Utc(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2026, month, day, hour, minute, second, DateTimeKind.Utc);

    [Fact]
    public void DayOf_AroundShanghaiMidnight_SplitsAtSixteenHundredUtc()
    {
        var time = AnalyticsClock.Platform();

        Assert.Equal(new DateOnly(2026, 5, 1), time.DayOf(Utc(5, 1, 15, 59, 59)));
        Assert.Equal(new DateOnly(2026, 5, 2), time.DayOf(Utc(5, 1, 16, 0, 0)));
        // Early UTC morning is already mid-morning in Shanghai: same calendar day.
        Assert.Equal(new DateOnly(2026, 5, 2), time.DayOf(Utc(5, 2, 1)));
    }

    [Fact]
    public void ToUtc_ShanghaiRange_IsHalfOpenAndShiftedByEightHours()
    {
        var time = AnalyticsClock.Platform();

        var (start, end) = time.ToUtc(new DayRange(new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 7)));

        Assert.Equal(Utc(4, 30, 16), start);
        Assert.Equal(Utc(5, 7, 16), end);
        Assert.Equal(DateTimeKind.Utc, start.Kind);
    }

    [Fact]
    public void StartOfDayUtc_DaylightSavingSpringForward_DayIsTwentyThreeHours()
    {
        var time = AnalyticsClock.Platform("Europe/Berlin");

        var (start, end) = time.ToUtc(new DayRange(new DateOnly(2026, 3, 29), new DateOnly(2026, 3, 29)));

        Assert.Equal(Utc(3, 28, 23), start);
        Assert.Equal(TimeSpan.FromHours(23), end - start);
    }

    [Fact]
    public void StartOfDayUtc_MidnightSkippedByDaylightSaving_StartsAtFirstExistingMinute()
    {
        // Santiago springs forward at local midnight: 2024-09-08 begins at 01:00 (UTC-3).
        var time = AnalyticsClock.Platform("America/Santiago");

        var start = time.StartOfDayUtc(new DateOnly(2024, 9, 8));

        Assert.Equal(new DateTime(2024, 9, 8, 4, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(new DateOnly(2024, 9, 8), time.DayOf(start));
        Assert.Equal(new DateOnly(2024, 9, 7), time.DayOf(start.AddTicks(-1)));
    }

    [Fact]
    public void Today_ClockAtUtcEvening_IsNextShanghaiDay()
    {
        var time = AnalyticsClock.Platform(now: new DateTimeOffset(2026, 5, 10, 20, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 5, 11), time.Today);
    }

    [Fact]
    public void ReadZone_NotConfigured_DefaultsToUtc()
    {
        var zone = PlatformTime.ReadZone(new ConfigurationBuilder().Build());

        Assert.Equal(TimeSpan.Zero, zone.GetUtcOffset(Utc(1, 15, 0)));
        Assert.Equal(TimeSpan.Zero, zone.GetUtcOffset(Utc(7, 15, 0)));
    }

    [Fact]
    public void ReadZone_UnknownId_ThrowsNamingTheSettingAndTheValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:TimeZone"] = "Mars/Olympus_Mons" }).Build();

        var error = Assert.Throws<PlatformConfigurationException>(() => PlatformTime.ReadZone(configuration));

        Assert.Contains("Platform:TimeZone", error.Message);
        Assert.Contains("Mars/Olympus_Mons", error.Message);
    }

    [Fact]
    public void AddAnalytics_UnknownZone_FailsAtRegistrationNotOnFirstUse()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:TimeZone"] = "Nowhere/Land" }).Build();

        Assert.Throws<PlatformConfigurationException>(() => new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddAnalytics(configuration));
    }
}
