using OpsConsole.Support;
using OpsConsole.Support.Reports;
using static OpsConsole.Tests.Support.Sla.SlaFixtures;

namespace OpsConsole.Tests.Support.Reports;

public sealed class ReportArithmeticTests
{
    [Theory]
    [InlineData(new double[] { 60, 90 }, 0.5, 75)]
    [InlineData(new double[] { 60, 90 }, 0.9, 87)]
    [InlineData(new double[] { 120, 60, 3900 }, 0.5, 120)]
    [InlineData(new double[] { 120, 60, 3900 }, 0.9, 3144)]
    [InlineData(new double[] { 7 }, 0.9, 7)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.9, 9.1)]
    public void Percentile_Values_InterpolatesBetweenClosestRanks(double[] values, double p, double expected)
    {
        Assert.Equal(expected, Percentiles.Of([.. values], p)!.Value, 9);
    }

    [Fact]
    public void Percentile_NoValues_IsNull()
    {
        Assert.Null(Percentiles.Of([], 0.5));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-250, 1)]
    [InlineData(99, 5.605170185988092)]
    [InlineData(999, 7.907755278982137)]
    public void Weight_NetSpend_IsOnePlusLogOfOnePlusSpendNeverBelowOne(double netSpend, double expected)
    {
        Assert.Equal(expected, SatisfactionIndex.Weight(netSpend), 12);
    }

    [Fact]
    public void Index_RatingsOfDifferentValue_IsTheWeightedMeanOnAHundredPointScale()
    {
        var sum = new SatisfactionIndex.Accumulator();
        sum.Add(5, 999);
        sum.Add(1, 0);
        sum.Add(9, 0);

        // The out-of-scale 9 is no rating; 5 scores 100 with weight 1 + ln 1000, 1 scores 0 with weight 1.
        var w = 1 + Math.Log(1000);
        Assert.Equal(2, sum.Count);
        Assert.Equal(100 * w / (w + 1), sum.Index!.Value, 9);
        Assert.Equal(3, sum.AverageRating);
        Assert.Equal([0.0, 25, 50, 75, 100], Enumerable.Range(1, 5).Select(SatisfactionIndex.Score));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(239, 0)]
    [InlineData(240, 1)]
    [InlineData(1439, 1)]
    [InlineData(1440, 2)]
    [InlineData(3 * 1440, 3)]
    [InlineData(7 * 1440 - 1, 3)]
    [InlineData(7 * 1440, 4)]
    [InlineData(90 * 1440, 4)]
    public void BacklogAge_Minutes_FallsInTheBucketHoldingItsLowerBound(int minutes, int bucket)
    {
        Assert.Equal(bucket, BacklogAges.IndexOf(TimeSpan.FromMinutes(minutes)));
    }

    /// <summary>
    /// The index must answer exactly as the calendar walks do, including across holidays, weekends and both of Berlin's
    /// clock changes (two ranges a day, so a jump can fall inside or between them), and outside its own span.
    /// </summary>
    [Fact]
    public void BusinessTimeIndex_RandomInstants_AgreesWithTheCalendar()
    {
        Assert.True(OpeningHours.TryParseDay("01:30-03:30, 08:00-12:00, 13:00-18:00", out var hours, out _));
        var calendar = new BusinessCalendar(Berlin,
            new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
            {
                [DayOfWeek.Sunday] = hours, [DayOfWeek.Monday] = hours, [DayOfWeek.Tuesday] = hours,
                [DayOfWeek.Wednesday] = hours, [DayOfWeek.Friday] = [OpeningHours.Between(9, 17)],
            },
            [new DateOnly(2026, 3, 31), new DateOnly(2026, 10, 27)]);
        var from = Utc(2026, 3, 20, 0);
        var to = Utc(2026, 11, 10, 0);
        var index = new BusinessTimeIndex(calendar, from, to);
        var random = new Random(7);
        DateTime Any() => from.AddMinutes(random.Next(-20 * 1440, (int)(to - from).TotalMinutes + 20 * 1440));

        for (var i = 0; i < 3000; i++)
        {
            var a = Any();
            var b = random.Next(4) == 0 ? a.AddMinutes(random.Next(0, 600)) : Any();
            Assert.Equal(calendar.BusinessTimeBetween(a, b), index.Between(a, b));
            var goal = TimeSpan.FromMinutes(random.Next(4) == 0 ? random.Next(1, 120) : random.Next(1, 60 * 24 * 10));
            Assert.Equal(calendar.AddBusinessTime(a, goal), index.AddBusinessTime(a, goal));
        }
    }

    [Fact]
    public void BusinessTimeIndex_TargetUsedUpAtClosing_IsDueAtClosing()
    {
        var calendar = NineToSix(Shanghai);
        var index = new BusinessTimeIndex(calendar, Utc(2026, 5, 1, 0), Utc(2026, 6, 1, 0));

        var due = index.AddBusinessTime(At(Shanghai, 2026, 5, 5, 8, 0), TimeSpan.FromHours(9));

        Assert.Equal(At(Shanghai, 2026, 5, 5, 18, 0), due);
        // Friday 17:00 to Monday 10:00: the last hour of Friday and the first of Monday.
        Assert.Equal(TimeSpan.FromHours(2), index.Between(At(Shanghai, 2026, 5, 8, 17, 0), At(Shanghai, 2026, 5, 11, 10, 0)));
    }
}
