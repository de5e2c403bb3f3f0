using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class OfflineEvaluationTests
{
    [Fact]
    public void Evaluate_Popularity_ExcludesTrainItemsAndAveragesOverLearnersWithTestItems()
    {
        // Popularity by learners: item 0 (3), item 1 (2), item 2 (1), item 3 (0).
        var train = Fixtures.FromBaskets(4, [0], [0, 1], [0, 1, 2]);
        var model = new PopularityGenerator(new PopularityOptions { HalfLifeDays = 1e6 }).Train(train, Fixtures.Ct);
        Interaction[] test = [new(0, 1, 1, 0), new(1, 3, 1, 0)];

        var report = OfflineEvaluation.Evaluate(model, train, test, 1, Fixtures.Ct);

        // Learner 0 is offered item 1 (item 0 is theirs already): a hit. Learner 1 is offered item 2: a miss.
        // Learner 2 has no test items and does not count.
        Assert.Equal(2, report.Users);
        Assert.Equal(0.5, report.Precision, 12);
        Assert.Equal(0.5, report.Ndcg, 12);
        Assert.Equal(0.5, report.Recall, 12);
        Assert.Equal(0.5, report.Map, 12);
        Assert.Equal(0.5, report.HitRate, 12);
        Assert.Equal(2 / 4.0, report.Coverage, 12);
    }

    [Fact]
    public void Evaluate_LearnerWithoutTrainHistory_IsRankedFromAnEmptyHistory()
    {
        var train = Fixtures.FromBaskets(3, [0, 1], [0], []);
        var model = new PopularityGenerator(new PopularityOptions { HalfLifeDays = 1e6 }).Train(train, Fixtures.Ct);

        var report = OfflineEvaluation.Evaluate(model, train, [new Interaction(2, 0, 1, 0)], 1, Fixtures.Ct);

        Assert.Equal(1, report.Users);
        Assert.Equal(1.0, report.Precision);
    }
}
