using OpsConsole.Retention.Churn;

namespace OpsConsole.Tests.Churn;

public sealed class OffsetSpansTests
{
    private static DateTime Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void OffsetSpans_ZoneWithoutDaylightSaving_IsOnePiece()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        var spans = ChurnHistory.OffsetSpans(shanghai, Utc(2026, 1, 1), Utc(2026, 12, 31)).ToList();

        Assert.Equal([(Utc(2026, 1, 1), Utc(2026, 12, 31), 480.0)], spans);
    }

    [Fact]
    public void OffsetSpans_BerlinOverAYear_CutsAtTheExactChanges()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var spans = ChurnHistory.OffsetSpans(berlin, Utc(2026, 1, 1), Utc(2027, 1, 1)).ToList();

        // Summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
        Assert.Equal(
            [(Utc(2026, 1, 1), Utc(2026, 3, 29, 1), 60.0), (Utc(2026, 3, 29, 1), Utc(2026, 10, 25, 1), 120.0), (Utc(2026, 10, 25, 1), Utc(2027, 1, 1), 60.0)],
            spans);
    }

    [Fact]
    public void OffsetSpans_StartingMidMinute_KeepsTheStart()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var start = Utc(2026, 3, 28).AddSeconds(17.5);

        var spans = ChurnHistory.OffsetSpans(berlin, start, Utc(2026, 3, 30)).ToList();

        Assert.Equal(start, spans[0].Start);
        Assert.Equal(Utc(2026, 3, 29, 1), spans[0].End);
        Assert.Equal(Utc(2026, 3, 30), spans[^1].End);
    }
}
