using OpsConsole.Support;
using static OpsConsole.Tests.Support.Sla.SlaFixtures;

namespace OpsConsole.Tests.Support.Sla;

public sealed class SlaClockTests
{
    private static readonly SlaPolicy[] Policies =
    [
        new(TicketPriority.Low, TimeSpan.FromHours(8), TimeSpan.FromHours(40)),
        new(TicketPriority.Normal, TimeSpan.FromHours(4), TimeSpan.FromHours(18)),
        new(TicketPriority.High, TimeSpan.FromHours(1), TimeSpan.FromHours(9)),
        new(TicketPriority.Urgent, TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)),
    ];

    private static SlaClock Clock(SlaWarningLead? warning = null, params DateOnly[] holidays) =>
        new(NineToSix(Shanghai, holidays), Policies, warning ?? SlaWarningLead.AtFraction(0.75));

    /// <summary>Friday 8 May 2026, 17:30 in Shanghai.</summary>
    private static readonly DateTime FridayEvening = At(Shanghai, 2026, 5, 8, 17, 30);

    private static DateTime Monday(int hour, int minute = 0) => At(Shanghai, 2026, 5, 11, hour, minute);

    [Fact]
    public void Evaluate_NormalTicketFridayEvening_FirstResponseDueMondayHalfPastTwelve()
    {
        var sla = Clock().Evaluate(TicketPriority.Normal, FridayEvening, null, null, Monday(9));

        Assert.Equal(Monday(12, 30), sla.FirstResponse.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(30), sla.FirstResponse.Elapsed);
        Assert.Equal(TimeSpan.FromHours(3.5), sla.FirstResponse.Remaining);
        Assert.Equal(SlaState.OnTrack, sla.FirstResponse.State);
        // 18 h: half an hour on Friday, nine on Monday, the last 8.5 on Tuesday until 17:30.
        Assert.Equal(At(Shanghai, 2026, 5, 12, 17, 30), sla.Resolution.DueAt);
    }

    [Fact]
    public void Evaluate_WarnAtSeventyFivePercent_WarnsWhenThreeOfFourHoursAreUsed()
    {
        var clock = Clock();

        var before = clock.Evaluate(TicketPriority.Normal, FridayEvening, null, null, Monday(11, 29));
        var at = clock.Evaluate(TicketPriority.Normal, FridayEvening, null, null, Monday(11, 30));

        Assert.Equal(Monday(11, 30), at.FirstResponse.WarnAt);
        Assert.Equal(SlaState.OnTrack, before.FirstResponse.State);
        Assert.Equal(SlaState.Warning, at.FirstResponse.State);
    }

    [Fact]
    public void Evaluate_WarnThirtyMinutesBefore_WarnsBeforeTheWeekendWhenLittleIsLeftOnFriday()
    {
        // High: one business hour. Created Friday 17:15, due Monday 09:15; with 30 minutes' lead the warning is Friday 17:45.
        var clock = Clock(SlaWarningLead.Before(TimeSpan.FromMinutes(30)));
        var created = At(Shanghai, 2026, 5, 8, 17, 15);

        var saturday = clock.Evaluate(TicketPriority.High, created, null, null, At(Shanghai, 2026, 5, 9, 10, 0));

        Assert.Equal(Monday(9, 15), saturday.FirstResponse.DueAt);
        Assert.Equal(At(Shanghai, 2026, 5, 8, 17, 45), saturday.FirstResponse.WarnAt);
        Assert.Equal(SlaState.Warning, saturday.FirstResponse.State);
        Assert.Equal(TimeSpan.FromMinutes(15), saturday.FirstResponse.Remaining);
    }

    [Fact]
    public void Evaluate_LeadLongerThanTarget_WarnsFromTheStart()
    {
        var clock = Clock(SlaWarningLead.Before(TimeSpan.FromHours(2)));
        var created = Monday(10);

        var sla = clock.Evaluate(TicketPriority.Urgent, created, null, null, created);

        Assert.Equal(created, sla.FirstResponse.WarnAt);
        Assert.Equal(SlaState.Warning, sla.FirstResponse.State);
    }

    [Fact]
    public void Evaluate_AtAndAfterDue_Breached()
    {
        var clock = Clock();

        var atDue = clock.Evaluate(TicketPriority.Normal, FridayEvening, null, null, Monday(12, 30));
        var later = clock.Evaluate(TicketPriority.Normal, FridayEvening, null, null, Monday(14, 30));

        Assert.Equal(SlaState.Breached, atDue.FirstResponse.State);
        Assert.Equal(SlaState.Breached, later.FirstResponse.State);
        Assert.Equal(TimeSpan.FromHours(-2), later.FirstResponse.Remaining);
    }

    [Fact]
    public void Evaluate_RespondedBeforeDue_MetEvenWhenLookedAtLater()
    {
        var sla = Clock().Evaluate(TicketPriority.Normal, FridayEvening, Monday(12, 30), null, Monday(17));

        Assert.Equal(SlaState.Met, sla.FirstResponse.State);
        Assert.Equal(TimeSpan.FromHours(4), sla.FirstResponse.Elapsed);
        Assert.Equal(TimeSpan.Zero, sla.FirstResponse.Remaining);
        Assert.Null(sla.FirstResponse.NextChangeAt);
    }

    [Fact]
    public void Evaluate_RespondedAfterDue_Missed()
    {
        var sla = Clock().Evaluate(TicketPriority.Normal, FridayEvening, Monday(12, 31), null, Monday(17));

        Assert.Equal(SlaState.Missed, sla.FirstResponse.State);
        Assert.Equal(TimeSpan.FromMinutes(-1), sla.FirstResponse.Remaining);
    }

    [Fact]
    public void Evaluate_ResolutionRunsOnAfterFirstResponse_WorstIsTheResolutionState()
    {
        var clock = Clock();
        var created = Monday(9);

        var sla = clock.Evaluate(TicketPriority.Urgent, created, Monday(9, 10), null, Monday(12, 30));

        Assert.Equal(SlaState.Met, sla.FirstResponse.State);
        Assert.Equal(SlaState.Warning, sla.Resolution.State);
        Assert.Equal(SlaState.Warning, sla.Worst);
        Assert.Equal(Monday(13), sla.NextChangeAt);
    }

    [Fact]
    public void Evaluate_HolidayMonday_DueMovesToTuesday()
    {
        var sla = Clock(null, new DateOnly(2026, 5, 11)).Evaluate(TicketPriority.Normal, FridayEvening, null, null, Monday(12, 45));

        Assert.Equal(At(Shanghai, 2026, 5, 12, 12, 30), sla.FirstResponse.DueAt);
        Assert.Equal(SlaState.OnTrack, sla.FirstResponse.State);
        Assert.Equal(TimeSpan.FromMinutes(30), sla.FirstResponse.Elapsed);
    }

    [Fact]
    public void Evaluate_Ticket_UsesItsPriorityAndTimes()
    {
        var ticket = new Ticket
        {
            LearnerId = "L1",
            Subject = "Refund",
            Body = "Please refund",
            Priority = TicketPriority.High,
            CreatedAt = DateTime.SpecifyKind(Monday(9), DateTimeKind.Unspecified),
            FirstRespondedAt = Monday(9, 20),
        };

        var sla = Clock().Evaluate(ticket, Monday(11));

        Assert.Equal(TicketPriority.High, sla.Priority);
        Assert.Equal(SlaState.Met, sla.FirstResponse.State);
        Assert.Equal(Monday(18), sla.Resolution.DueAt);
        Assert.Equal(Monday(9), sla.Resolution.StartedAt);
        Assert.Equal(SlaState.OnTrack, sla.Resolution.State);
        Assert.Equal(Monday(15, 45), sla.NextChangeAt);
    }

    [Fact]
    public void Measure_OnTrackThenWarningThenBreached_NextChangeAtPointsToEachStep()
    {
        var clock = Clock();
        var start = Monday(9);
        var goal = TimeSpan.FromHours(2);

        var onTrack = clock.Measure(SlaTarget.FirstResponse, goal, start, null, Monday(9, 30));
        var warning = clock.Measure(SlaTarget.FirstResponse, goal, start, null, Monday(10, 45));
        var breached = clock.Measure(SlaTarget.FirstResponse, goal, start, null, Monday(11, 1));

        Assert.Equal((SlaState.OnTrack, Monday(10, 30)), (onTrack.State, onTrack.NextChangeAt));
        Assert.Equal((SlaState.Warning, Monday(11)), (warning.State, warning.NextChangeAt));
        Assert.Equal((SlaState.Breached, (DateTime?)null), (breached.State, breached.NextChangeAt));
    }

    [Fact]
    public void Constructor_PriorityWithoutPolicy_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SlaClock(NineToSix(Shanghai), Policies[1..], SlaWarningLead.AtFraction(0.75)));
    }

    [Fact]
    public void Constructor_TwoPoliciesForOnePriority_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SlaClock(NineToSix(Shanghai), [.. Policies, Policies[0]], SlaWarningLead.AtFraction(0.75)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void WarningAtFraction_OutsideZeroToOne_Throws(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SlaWarningLead.AtFraction(fraction));
    }

    [Fact]
    public void WarnAfter_FractionAndLead_GiveBusinessTimeFromStart()
    {
        Assert.Equal(TimeSpan.FromMinutes(22.5), SlaWarningLead.AtFraction(0.75).WarnAfter(TimeSpan.FromMinutes(30)));
        Assert.Equal(TimeSpan.FromMinutes(210), SlaWarningLead.Before(TimeSpan.FromMinutes(30)).WarnAfter(TimeSpan.FromHours(4)));
        Assert.Equal(TimeSpan.Zero, SlaWarningLead.Before(TimeSpan.FromHours(5)).WarnAfter(TimeSpan.FromHours(4)));
    }
}
