using OpsConsole.Support;
using static OpsConsole.Tests.Support.Sla.SlaFixtures;

namespace OpsConsole.Tests.Support.Sla;

public sealed class BusinessCalendarTests
{
    [Fact]
    public void AddBusinessTime_FridayHalfPastFiveFourHours_DueMondayHalfPastTwelve()
    {
        var calendar = NineToSix(Shanghai);

        var due = calendar.AddBusinessTime(At(Shanghai, 2026, 5, 8, 17, 30), TimeSpan.FromHours(4));

        Assert.Equal(At(Shanghai, 2026, 5, 11, 12, 30), due);
        Assert.Equal(Utc(2026, 5, 11, 4, 30), due);
        Assert.Equal(DateTimeKind.Utc, due.Kind);
    }

    [Fact]
    public void AddBusinessTime_MondayIsHoliday_DueTuesdayHalfPastTwelve()
    {
        var calendar = NineToSix(Shanghai, new DateOnly(2026, 5, 11));

        var due = calendar.AddBusinessTime(At(Shanghai, 2026, 5, 8, 17, 30), TimeSpan.FromHours(4));

        Assert.Equal(At(Shanghai, 2026, 5, 12, 12, 30), due);
    }

    [Fact]
    public void AddBusinessTime_HolidayWeekInARow_SkipsEveryHoliday()
    {
        var holidays = Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 10, d)).ToArray();
        var calendar = NineToSix(Shanghai, holidays);

        var due = calendar.AddBusinessTime(At(Shanghai, 2026, 9, 30, 17, 0), TimeSpan.FromHours(2));

        Assert.Equal(At(Shanghai, 2026, 10, 8, 10, 0), due);
    }

    [Fact]
    public void AddBusinessTime_StartBeforeOpening_CountsFromOpening()
    {
        var due = NineToSix(Shanghai).AddBusinessTime(At(Shanghai, 2026, 5, 11, 7, 0), TimeSpan.FromHours(2));

        Assert.Equal(At(Shanghai, 2026, 5, 11, 11, 0), due);
    }

    [Fact]
    public void AddBusinessTime_StartOnSaturday_CountsFromMondayOpening()
    {
        var due = NineToSix(Shanghai).AddBusinessTime(At(Shanghai, 2026, 5, 9, 14, 0), TimeSpan.FromHours(1));

        Assert.Equal(At(Shanghai, 2026, 5, 11, 10, 0), due);
    }

    [Fact]
    public void AddBusinessTime_StartAfterClosing_CountsFromNextOpening()
    {
        var due = NineToSix(Shanghai).AddBusinessTime(At(Shanghai, 2026, 5, 12, 22, 15), TimeSpan.FromMinutes(45));

        Assert.Equal(At(Shanghai, 2026, 5, 13, 9, 45), due);
    }

    [Fact]
    public void AddBusinessTime_TargetUsedUpExactlyAtClosing_DueAtClosingNotNextOpening()
    {
        var due = NineToSix(Shanghai).AddBusinessTime(At(Shanghai, 2026, 5, 8, 17, 0), TimeSpan.FromHours(1));

        Assert.Equal(At(Shanghai, 2026, 5, 8, 18, 0), due);
    }

    [Fact]
    public void AddBusinessTime_Zero_ReturnsStartEvenWhenClosed()
    {
        var saturday = At(Shanghai, 2026, 5, 9, 14, 0);

        Assert.Equal(saturday, NineToSix(Shanghai).AddBusinessTime(saturday, TimeSpan.Zero));
    }

    [Fact]
    public void AddBusinessTime_TwentyHours_RunsOverThreeDays()
    {
        // Monday 10–18 is 8 h, Tuesday 9 h, so 3 h are left for Wednesday.
        var due = NineToSix(Shanghai).AddBusinessTime(At(Shanghai, 2026, 5, 11, 10, 0), TimeSpan.FromHours(20));

        Assert.Equal(At(Shanghai, 2026, 5, 13, 12, 0), due);
    }

    [Fact]
    public void AddBusinessTime_LunchBreak_IsNotCounted()
    {
        var calendar = new BusinessCalendar(Shanghai, new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
        {
            [DayOfWeek.Monday] = [OpeningHours.Between(9, 12), OpeningHours.Between(13, 18)],
        });

        var due = calendar.AddBusinessTime(At(Shanghai, 2026, 5, 11, 11, 0), TimeSpan.FromHours(2));

        Assert.Equal(At(Shanghai, 2026, 5, 11, 14, 0), due);
    }

    [Fact]
    public void AddBusinessTime_OnlyMondaysOpen_WaitsAWeek()
    {
        var calendar = new BusinessCalendar(Shanghai, new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
        {
            [DayOfWeek.Monday] = [OpeningHours.Between(9, 18)],
        }, [new DateOnly(2026, 5, 18)]);

        var due = calendar.AddBusinessTime(At(Shanghai, 2026, 5, 11, 17, 0), TimeSpan.FromHours(2));

        Assert.Equal(At(Shanghai, 2026, 5, 25, 10, 0), due);
    }

    [Fact]
    public void AddBusinessTime_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NineToSix(Shanghai).AddBusinessTime(Utc(2026, 5, 11, 0), TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void AddBusinessTime_WeekendWithSpringForward_DueAtSameLocalTimeOneHourEarlierInUtc()
    {
        // Berlin moves from UTC+1 to UTC+2 on Sunday 29 March 2026: Friday 17:00 is 16:00 UTC, Monday 12:00 is 10:00 UTC.
        var due = NineToSix(Berlin).AddBusinessTime(At(Berlin, 2026, 3, 27, 17, 0), TimeSpan.FromHours(4));

        Assert.Equal(Utc(2026, 3, 30, 10, 0), due);
    }

    [Fact]
    public void AddBusinessTime_WeekendWithFallBack_DueAtSameLocalTime()
    {
        // Berlin returns to UTC+1 on Sunday 25 October 2026: Friday 17:00 is 15:00 UTC, Monday 12:00 is 11:00 UTC.
        var due = NineToSix(Berlin).AddBusinessTime(At(Berlin, 2026, 10, 23, 17, 0), TimeSpan.FromHours(4));

        Assert.Equal(Utc(2026, 10, 26, 11, 0), due);
    }

    [Fact]
    public void AddBusinessTime_AroundTheClockOverSpringForward_CountsRealHours()
    {
        var calendar = BusinessCalendar.AroundTheClock(Berlin);

        var due = calendar.AddBusinessTime(At(Berlin, 2026, 3, 28, 22, 0), TimeSpan.FromHours(6));

        Assert.Equal(Utc(2026, 3, 29, 3, 0), due);
        Assert.Equal(new DateTime(2026, 3, 29, 5, 0, 0), TimeZoneInfo.ConvertTimeFromUtc(due, Berlin));
    }

    [Fact]
    public void BusinessTimeBetween_HoursContainSpringForwardGap_DayIsOneHourShorter()
    {
        var calendar = EveryDay(Berlin, "01:00-05:00");

        Assert.Equal(TimeSpan.FromHours(4), calendar.BusinessTimeBetween(At(Berlin, 2026, 3, 28, 0), At(Berlin, 2026, 3, 29, 0)));
        Assert.Equal(TimeSpan.FromHours(3), calendar.BusinessTimeBetween(At(Berlin, 2026, 3, 29, 0), At(Berlin, 2026, 3, 30, 0)));
    }

    [Fact]
    public void BusinessTimeBetween_HoursContainFallBackRepeat_DayIsOneHourLonger()
    {
        var calendar = EveryDay(Berlin, "01:00-05:00");

        Assert.Equal(TimeSpan.FromHours(5), calendar.BusinessTimeBetween(At(Berlin, 2026, 10, 25, 0), At(Berlin, 2026, 10, 26, 0)));
    }

    [Fact]
    public void BusinessTimeBetween_OpeningInsideSkippedHour_OpensWhenClocksJump()
    {
        // 02:30 does not exist on 29 March: the desk opens at the jump (03:00 CEST, 01:00 UTC).
        var calendar = EveryDay(Berlin, "02:30-06:00");

        Assert.Equal(TimeSpan.FromHours(3), calendar.BusinessTimeBetween(At(Berlin, 2026, 3, 29, 0), At(Berlin, 2026, 3, 30, 0)));
        Assert.Equal(Utc(2026, 3, 29, 1, 0), calendar.NextOpen(At(Berlin, 2026, 3, 29, 0)));
    }

    [Fact]
    public void BusinessTimeBetween_ClosingInsideRepeatedHour_ClosesAtSecondOccurrence()
    {
        // 02:30 happens twice on 25 October; the desk stays open through both: 00:00 CEST (22:00 UTC) to 02:30 CET (01:30 UTC).
        var calendar = EveryDay(Berlin, "00:00-02:30");

        Assert.Equal(TimeSpan.FromHours(3.5), calendar.BusinessTimeBetween(At(Berlin, 2026, 10, 25, 0), At(Berlin, 2026, 10, 26, 0)));
    }

    [Fact]
    public void BusinessTimeBetween_RangesTouchingInsideRepeatedHour_CountNothingTwice()
    {
        var calendar = EveryDay(Berlin, "01:00-02:30, 02:30-04:00");

        // 01:00 CEST (23:00 UTC the day before) to 04:00 CET (03:00 UTC): four real hours.
        Assert.Equal(TimeSpan.FromHours(4), calendar.BusinessTimeBetween(At(Berlin, 2026, 10, 25, 0), At(Berlin, 2026, 10, 26, 0)));
    }

    [Fact]
    public void BusinessTimeBetween_MidnightSkippedByDaylightSaving_DayOpensAtOne()
    {
        // Santiago springs forward at local midnight on 8 September 2024: the day begins at 01:00 (UTC−3).
        var calendar = EveryDay(Santiago, "00:00-08:00");

        Assert.Equal(Utc(2024, 9, 8, 4, 0), calendar.NextOpen(Utc(2024, 9, 8, 3, 30)));
        Assert.Equal(TimeSpan.FromHours(7), calendar.BusinessTimeBetween(Utc(2024, 9, 8, 3, 0), Utc(2024, 9, 9, 3, 0)));
    }

    [Fact]
    public void BusinessTimeBetween_FridayAfternoonToMondayMorning_CountsOnlyOpenHours()
    {
        var calendar = NineToSix(Shanghai);

        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(At(Shanghai, 2026, 5, 8, 17, 0), At(Shanghai, 2026, 5, 11, 10, 0)));
    }

    [Fact]
    public void BusinessTimeBetween_AcrossHolidayMonday_HolidayDoesNotCount()
    {
        var calendar = NineToSix(Shanghai, new DateOnly(2026, 5, 11));

        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(At(Shanghai, 2026, 5, 8, 17, 0), At(Shanghai, 2026, 5, 12, 10, 0)));
    }

    [Fact]
    public void BusinessTimeBetween_InsideOneDay_IsPlainDifference()
    {
        var calendar = NineToSix(Shanghai);

        Assert.Equal(TimeSpan.FromMinutes(95), calendar.BusinessTimeBetween(At(Shanghai, 2026, 5, 12, 10, 5), At(Shanghai, 2026, 5, 12, 11, 40)));
    }

    [Fact]
    public void BusinessTimeBetween_EndNotAfterStart_IsZero()
    {
        var calendar = NineToSix(Shanghai);
        var instant = At(Shanghai, 2026, 5, 12, 10, 0);

        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(instant, instant));
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(instant, instant.AddHours(-3)));
    }

    [Fact]
    public void BusinessTimeBetween_UnspecifiedKind_IsTakenAsUtc()
    {
        var calendar = NineToSix(Shanghai);
        var from = DateTime.SpecifyKind(At(Shanghai, 2026, 5, 12, 10, 0), DateTimeKind.Unspecified);

        Assert.Equal(TimeSpan.FromHours(1), calendar.BusinessTimeBetween(from, At(Shanghai, 2026, 5, 12, 11, 0)));
    }

    [Fact]
    public void AddBusinessTimeAndBusinessTimeBetween_RandomStartsOverAYearWithDaylightSaving_AreInverse()
    {
        var calendar = new BusinessCalendar(Berlin, new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
        {
            [DayOfWeek.Monday] = [OpeningHours.Between(9, 12), OpeningHours.Between(13, 18)],
            [DayOfWeek.Tuesday] = [OpeningHours.Between(9, 18)],
            [DayOfWeek.Wednesday] = [OpeningHours.Between(9, 18)],
            [DayOfWeek.Thursday] = [OpeningHours.Between(9, 18)],
            [DayOfWeek.Friday] = [OpeningHours.Between(9, 17)],
            [DayOfWeek.Sunday] = [new OpeningHours(TimeSpan.Zero, TimeSpan.FromHours(4))],
        }, [new DateOnly(2026, 4, 6), new DateOnly(2026, 5, 1), new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25)]);
        var random = new Random(20260329);

        for (var i = 0; i < 2000; i++)
        {
            var start = Utc(2026, 1, 1, 0).AddMinutes(random.Next(0, 365 * 24 * 60));
            var amount = TimeSpan.FromMinutes(random.Next(1, 60 * 60));

            var due = calendar.AddBusinessTime(start, amount);

            Assert.Equal(amount, calendar.BusinessTimeBetween(start, due));
            Assert.True(calendar.IsOpen(due.AddTicks(-1)), $"{start:o} + {amount}: due {due:o} is not at the end of open time");
            Assert.True(calendar.AddBusinessTime(start, amount + TimeSpan.FromMinutes(1)) > due);
        }
    }

    [Fact]
    public void IsOpenAndNextOpen_Weekend_ClosedUntilMondayNine()
    {
        var calendar = NineToSix(Shanghai);
        var saturday = At(Shanghai, 2026, 5, 9, 11, 0);

        Assert.False(calendar.IsOpen(saturday));
        Assert.Equal(At(Shanghai, 2026, 5, 11, 9, 0), calendar.NextOpen(saturday));
        Assert.True(calendar.IsOpen(At(Shanghai, 2026, 5, 11, 9, 0)));
        Assert.False(calendar.IsOpen(At(Shanghai, 2026, 5, 11, 18, 0)));
    }

    [Fact]
    public void HoursOn_HolidayAndClosedDay_Empty()
    {
        var calendar = NineToSix(Shanghai, new DateOnly(2026, 5, 1));

        Assert.Empty(calendar.HoursOn(new DateOnly(2026, 5, 1)));
        Assert.Empty(calendar.HoursOn(new DateOnly(2026, 5, 2)));
        Assert.Equal([OpeningHours.Between(9, 18)], calendar.HoursOn(new DateOnly(2026, 5, 4)));
    }

    [Fact]
    public void Constructor_NoOpenDay_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BusinessCalendar(Shanghai, new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>()));
    }

    [Fact]
    public void Constructor_OverlappingRanges_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BusinessCalendar(Shanghai, new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>
        {
            [DayOfWeek.Monday] = [OpeningHours.Between(9, 13), OpeningHours.Between(12, 18)],
        }));
    }
}
