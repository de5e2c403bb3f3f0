using OpsConsole.Support;

namespace OpsConsole.Tests.Support.Sla;

public sealed class OpeningHoursTests
{
    [Theory]
    [InlineData("09:00-18:00", "09:00-18:00")]
    [InlineData(" 9:00 - 12:30 , 13:30-18:00 ", "09:00-12:30|13:30-18:00")]
    [InlineData("00:00-24:00", "00:00-24:00")]
    [InlineData("", "")]
    [InlineData("closed", "")]
    [InlineData("Closed", "")]
    public void TryParseDay_ValidText_ReadsRanges(string text, string expected)
    {
        Assert.True(OpeningHours.TryParseDay(text, out var hours, out var error), error);

        Assert.Equal(expected, string.Join("|", hours));
    }

    [Theory]
    [InlineData("18:00-09:00", "ends before it starts")]
    [InlineData("09:00-09:00", "ends before it starts")]
    [InlineData("9-18", "is not a range")]
    [InlineData("09:00", "is not a range")]
    [InlineData("09:00-25:00", "is not a range")]
    [InlineData("09:00-12:00, 11:00-13:00", "overlaps")]
    [InlineData("13:00-18:00, 09:00-12:00", "overlaps or comes before")]
    public void TryParseDay_BadText_SaysWhatIsWrong(string text, string message)
    {
        Assert.False(OpeningHours.TryParseDay(text, out _, out var error));

        Assert.Contains(message, error);
    }

    [Fact]
    public void Constructor_EndNotAfterStart_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OpeningHours.Between(18, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => OpeningHours.Between(9, 25));
    }
}
