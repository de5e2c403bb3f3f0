using OpsConsole.Profiles;

namespace OpsConsole.Tests.Profiles;

public sealed class LifecycleRulesTests
{
    private static readonly DateOnly Today = new(2026, 5, 10);
    private static readonly ProfileOptions Options = new();

    private static DateOnly[] Days(params int[] daysAgo) => [.. daysAgo.OrderDescending().Select(d => Today.AddDays(-d))];

    [Theory]
    [InlineData(new int[0], false, LifecycleStage.New)]
    [InlineData(new[] { 13, 0 }, false, LifecycleStage.New)]
    [InlineData(new[] { 14, 0 }, false, LifecycleStage.Active)]
    [InlineData(new[] { 100, 80, 60, 40, 20, 13 }, false, LifecycleStage.Active)]
    [InlineData(new[] { 100, 13 }, false, LifecycleStage.Reactivated)]
    [InlineData(new[] { 100, 14 }, false, LifecycleStage.AtRisk)]
    [InlineData(new[] { 100, 29 }, false, LifecycleStage.AtRisk)]
    [InlineData(new[] { 100, 30 }, false, LifecycleStage.Dormant)]
    [InlineData(new[] { 100, 59 }, false, LifecycleStage.Dormant)]
    [InlineData(new[] { 100, 60 }, false, LifecycleStage.Churned)]
    [InlineData(new[] { 100, 60 }, true, LifecycleStage.Dormant)]
    [InlineData(new[] { 100, 50, 2 }, false, LifecycleStage.Reactivated)]
    [InlineData(new[] { 100, 60, 29, 1 }, false, LifecycleStage.Reactivated)]
    [InlineData(new[] { 100, 60, 30, 1 }, false, LifecycleStage.Active)]
    [InlineData(new[] { 100, 75, 50, 25, 1 }, false, LifecycleStage.Active)]
    public void Classify_DaysSinceActivity_StageFromTheReadmeRules(int[] activeDaysAgo, bool member, LifecycleStage expected)
    {
        Assert.Equal(expected, LifecycleRules.Classify(Days(activeDaysAgo), Today, member, Options));
    }
}
