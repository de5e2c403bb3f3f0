using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.Tests.Analytics;

public sealed class ActivityBuilderTests
{
    private static TimelineEvent E(EventType type, int month, int day, int hourUtc) => new(type, new DateTime(2026, month, day, hourUtc, 0, 0, DateTimeKind.Utc), 0);

    private static string Describe(LearnerActivity a) =>
        $"{a.Period} {a.Start:yyyy-MM-dd} {string.Join(",", Enum.GetValues<EventType>().Where(t => (a.Types & LearnerActivity.Bit(t)) != 0))}";

    [Fact]
    public void Build_ShanghaiDaysAcrossAWeekAndAMonthEnd_OneRowPerActivePeriodWithItsTypes()
    {
        // Sunday May 31 2026, 15:00 UTC is Monday June 1 in Shanghai: a new day, week and month there.
        var periods = ActivityBuilder.Build("a",
        [
            E(EventType.Signup, 5, 30, 2), E(EventType.View, 5, 30, 3), E(EventType.Purchase, 5, 31, 10), E(EventType.View, 5, 31, 16),
        ], AnalyticsClock.Platform());

        Assert.Equal(
        [
            "Day 2026-05-30 Signup,View", "Day 2026-05-31 Purchase", "Day 2026-06-01 View",
            "Week 2026-05-25 Signup,View,Purchase", "Week 2026-06-01 View",
            "Month 2026-05-01 Signup,View,Purchase", "Month 2026-06-01 View",
        ], periods.Rows().Select(Describe));
        Assert.All(periods.Rows(), a => Assert.Equal("a", a.LearnerId));
    }

    [Fact]
    public void AllBut_CohortType_MatchesEveryOtherTypeOnly()
    {
        var anyButSignup = LearnerActivity.AllBut(EventType.Signup);

        Assert.Equal(0, LearnerActivity.Bit(EventType.Signup) & anyButSignup);
        Assert.All(Enum.GetValues<EventType>().Where(t => t != EventType.Signup), t => Assert.NotEqual(0, LearnerActivity.Bit(t) & anyButSignup));
    }
}
