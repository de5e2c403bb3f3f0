using OpsConsole.Analytics;

namespace OpsConsole.Tests.Analytics;

public sealed class LearnerBreakdownTests
{
    [Fact]
    public void TopGroups_MoreThanTenValues_MergesTheSmallestIntoOtherAndKeepsNone()
    {
        // Twelve values: a..j with 20..11 learners, then k and l with 5 each, plus learners with none.
        var learners = Enumerable.Range(0, 10).ToDictionary(i => ((char)('a' + i)).ToString(), i => 20L - i);
        learners["l"] = 5;
        learners["k"] = 5;
        learners[LearnerBreakdowns.None] = 30;

        var groups = LearnerBreakdowns.TopGroups(learners);

        Assert.Equal(13, groups.Count);
        Assert.All(Enumerable.Range(0, 10).Select(i => ((char)('a' + i)).ToString()), v => Assert.Equal(v, groups[v]));
        Assert.Equal(LearnerBreakdowns.Other, groups["k"]);
        Assert.Equal(LearnerBreakdowns.Other, groups["l"]);
        Assert.Equal(LearnerBreakdowns.None, groups[LearnerBreakdowns.None]);
    }

    [Fact]
    public void TopGroups_TieAtTheTenthPlace_KeepsTheFirstValueInOrdinalOrder()
    {
        var learners = Enumerable.Range(0, 9).ToDictionary(i => $"v{i}", _ => 50L);
        learners["b-tied"] = 7;
        learners["B-tied"] = 7;

        var groups = LearnerBreakdowns.TopGroups(learners);

        Assert.Equal("B-tied", groups["B-tied"]);
        Assert.Equal(LearnerBreakdowns.Other, groups["b-tied"]);
        Assert.False(groups.ContainsKey(LearnerBreakdowns.None));
    }
}
