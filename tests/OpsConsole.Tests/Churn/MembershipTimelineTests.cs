using OpsConsole.Commerce;
using OpsConsole.Ingestion;
using OpsConsole.Retention.Churn;

namespace OpsConsole.Tests.Churn;

public sealed class MembershipTimelineTests
{
    private static readonly DateTime Horizon = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime Day(int month, int day) => new(2026, month, day, 12, 0, 0, DateTimeKind.Utc);

    private static LearnerHistory History(params MoneyEvent[] events)
    {
        var history = new LearnerHistory();
        history.Money.AddRange(events);
        history.Seal();
        return history;
    }

    private static MoneyEvent Pay(DateTime at, EventType type = EventType.MembershipStart) => new(at, type, 39, false, MembershipPlan.Monthly);

    [Fact]
    public void At_MonthlyStartThenRenewal_ActiveUntilTheRenewedEnd()
    {
        var history = History(Pay(Day(2, 1)), Pay(Day(3, 1), EventType.MembershipRenew));

        Assert.Equal(MembershipStates.None, MembershipTimeline.At(history, Horizon, Day(1, 15)).State);
        Assert.Equal(new MembershipAt(MembershipStates.Active, Day(3, 1)), MembershipTimeline.At(history, Horizon, Day(2, 20)));
        Assert.Equal(new MembershipAt(MembershipStates.Active, Day(4, 1)), MembershipTimeline.At(history, Horizon, Day(3, 2)));
    }

    [Fact]
    public void At_NoRenewal_LapsesAtTheEndOfThePeriod()
    {
        var history = History(Pay(Day(2, 1)));

        var state = MembershipTimeline.At(history, Horizon, Day(3, 10));

        Assert.Equal(MembershipStates.Lapsed, state.State);
        Assert.False(state.PaidUp);
    }

    [Fact]
    public void At_Cancelled_CancellingUntilTheEndThenEnded()
    {
        var history = History(Pay(Day(2, 1)), new MoneyEvent(Day(2, 10), EventType.MembershipCancel, 0, false, null));

        Assert.Equal(MembershipStates.Active, MembershipTimeline.At(history, Horizon, Day(2, 9)).State);
        Assert.Equal(MembershipStates.Cancelling, MembershipTimeline.At(history, Horizon, Day(2, 11)).State);
        Assert.Equal(MembershipStates.Ended, MembershipTimeline.At(history, Horizon, Day(3, 2)).State);
    }

    [Fact]
    public void At_RenewalAfterTheInstant_DoesNotCount()
    {
        // The first charge at the end of the period failed; the retry three days later went through.
        var history = History(Pay(Day(2, 1)), Pay(Day(3, 4), EventType.MembershipRenew));

        Assert.Equal(MembershipStates.Lapsed, MembershipTimeline.At(history, Horizon, Day(3, 3)).State);
        Assert.Equal(new MembershipAt(MembershipStates.Active, Day(4, 4)), MembershipTimeline.At(history, Horizon, Day(3, 5)));
    }

    [Fact]
    public void At_MembershipBegunBeforeTheEvents_RunsToItsFirstPeriodEndAfterThem()
    {
        var history = new LearnerHistory();
        // Started 10 Nov; its row has been renewed until 10 Feb, which only the events after 1 January may show.
        history.EarlierMemberships.Add(new EarlierMembership(MembershipPlan.Monthly, new DateTime(2025, 11, 10, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 2, 10, 0, 0, 0, DateTimeKind.Utc), null));
        history.Seal();

        Assert.Equal(new MembershipAt(MembershipStates.Active, new DateTime(2026, 1, 10, 0, 0, 0, DateTimeKind.Utc)),
            MembershipTimeline.At(history, Horizon, Day(1, 5)));
        Assert.Equal(MembershipStates.Lapsed, MembershipTimeline.At(history, Horizon, Day(1, 20)).State);
    }

    [Fact]
    public void PaidBetween_RenewalInsideTheWindow_IsFound()
    {
        var history = History(Pay(Day(2, 1)), Pay(Day(3, 3), EventType.MembershipRenew));

        Assert.True(MembershipTimeline.PaidBetween(history, Day(2, 15), Day(3, 8)));
        Assert.False(MembershipTimeline.PaidBetween(history, Day(2, 15), Day(3, 2)));
    }
}
