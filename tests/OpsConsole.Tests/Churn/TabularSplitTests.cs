using OpsConsole.Retention.Churn;

namespace OpsConsole.Tests.Churn;

public sealed class TabularSplitTests
{
    [Fact]
    public void Stratified_HundredRows_HoldsOutAFifthOfEachClassTheSameWayEachTime()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i % 4 == 0).ToArray();

        var (train, test) = TabularSplit.Stratified(labels, 0.2, 42);
        var again = TabularSplit.Stratified(labels, 0.2, 42);
        var other = TabularSplit.Stratified(labels, 0.2, 7);

        Assert.Equal(20, test.Count);
        Assert.Equal(5, test.Count(i => labels[i]));
        Assert.Equal(80, train.Count);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(test, again.Test);
        Assert.NotEqual(test, other.Test);
    }

    [Fact]
    public void Stratified_ClassWithOneRow_FailsSayingSo()
    {
        var error = Assert.Throws<TabularDataException>(() => TabularSplit.Stratified([true, false, false, false], 0.2, 42));

        Assert.Contains("two rows of each class", error.Message);
    }

    [Fact]
    public void ByGroup_LearnersAtSeveralDates_NeverOnBothSides()
    {
        var groups = Enumerable.Range(0, 300).Select(i => $"u{i % 50}").ToArray();

        var (train, test) = TabularSplit.ByGroup(groups, 0.2, 42);

        var testGroups = test.Select(i => groups[i]).ToHashSet();
        Assert.Equal(10, testGroups.Count);
        Assert.DoesNotContain(train, i => testGroups.Contains(groups[i]));
        Assert.Equal(300, train.Count + test.Count);
        Assert.Equal(test, TabularSplit.ByGroup(groups, 0.2, 42).Test);
    }
}
