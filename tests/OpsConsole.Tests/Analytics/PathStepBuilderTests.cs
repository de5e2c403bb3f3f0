using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.Tests.Analytics;

public sealed class PathStepBuilderTests
{
    private static readonly DateTime T0 = new(2026, 1, 10, 2, 0, 0, DateTimeKind.Utc);

    private static TimelineEvent E(EventType type, double minutes, long seq) => new(type, T0.AddMinutes(minutes), seq);

    private static string Describe(PathStep s) =>
        $"{s.Seq} {s.Type} next={string.Join(",", new[] { s.Next1, s.Next2, s.Next3, s.Next4, s.Next5 }.TakeWhile(t => t is not null))}"
        + $" prev={string.Join(",", new[] { s.Prev1, s.Prev2, s.Prev3, s.Prev4, s.Prev5 }.TakeWhile(t => t is not null))}";

    [Fact]
    public void Build_RepeatsAndGaps_OneStepPerRunAndNeighboursOnlyInsideTheSession()
    {
        var steps = PathStepBuilder.Build("a",
        [
            E(EventType.View, 0, 1), E(EventType.View, 1, 2), E(EventType.LessonProgress, 5, 3), E(EventType.View, 10, 4),
            // Exactly 30 minutes later: the same session. Then 30 minutes and a second: a new one.
            E(EventType.Purchase, 40, 5), E(EventType.Search, 70.02, 6), E(EventType.Search, 71, 7),
        ]);

        Assert.Equal(
        [
            "1 View next=LessonProgress,View,Purchase prev=",
            "3 LessonProgress next=View,Purchase prev=View",
            "4 View next=Purchase prev=LessonProgress,View",
            "5 Purchase next= prev=View,LessonProgress,View",
            "6 Search next= prev=",
        ], steps.Rows().Select(Describe));
        Assert.All(steps.Rows(), s => Assert.Equal("a", s.LearnerId));
        Assert.Equal(T0.AddMinutes(5), steps.Rows().ElementAt(1).At);
    }

    [Fact]
    public void Build_LongSession_KeepsFiveNeighboursEachWay()
    {
        var types = new[] { EventType.View, EventType.Click, EventType.Search, EventType.Rate, EventType.Share, EventType.Login, EventType.Purchase };
        var steps = PathStepBuilder.Build("b", [.. types.Select((t, i) => E(t, i, i + 1))]).Rows().ToList();

        Assert.Equal(7, steps.Count);
        Assert.Equal("1 View next=Click,Search,Rate,Share,Login prev=", Describe(steps[0]));
        Assert.Equal("7 Purchase next= prev=Login,Share,Rate,Search,Click", Describe(steps[6]));
    }

    [Fact]
    public void Build_NoEvents_NoSteps()
    {
        Assert.Empty(PathStepBuilder.Build("c", []).Rows());
    }
}
