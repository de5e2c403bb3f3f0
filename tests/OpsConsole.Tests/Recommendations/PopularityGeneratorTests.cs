using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class PopularityGeneratorTests
{
    private static Interaction At(int user, int item, double daysAgo) =>
        new(user, item, 1f, Fixtures.Now - (long)(daysAgo * Fixtures.Day));

    private static ItemFeatures Item(string id, string topic) => new(id, id, topic, [], true);

    [Fact]
    public void Train_InteractionOneHalfLifeOld_CountsHalf()
    {
        var data = Fixtures.Set(2, Fixtures.Items(2), [At(0, 0, 0), At(1, 1, 30)]);

        var model = (PopularityModel)new PopularityGenerator(new PopularityOptions { HalfLifeDays = 30 }).Train(data, Fixtures.Ct);

        Assert.Equal(1f, model.Popularity(0));
        Assert.Equal(0.5f, model.Popularity(1), 5);
    }

    [Fact]
    public void Score_OldBestsellerAndNewFavourite_DecayLetsTheRecentItemWin()
    {
        // Three learners took item 0 a hundred days ago; one took item 1 today.
        var data = Fixtures.Set(4, Fixtures.Items(2), [At(0, 0, 100), At(1, 0, 100), At(2, 0, 100), At(3, 1, 0)]);

        var decayed = new PopularityGenerator(new PopularityOptions { HalfLifeDays = 30 }).Train(data, Fixtures.Ct);
        var slow = new PopularityGenerator(new PopularityOptions { HalfLifeDays = 1000 }).Train(data, Fixtures.Ct);

        Assert.Equal(1, Fixtures.Best(decayed, LearnerHistory.Empty));
        Assert.Equal(0, Fixtures.Best(slow, LearnerHistory.Empty));
        Assert.Equal(new Reason(ReasonKind.Popular), decayed.Explain(LearnerHistory.Empty, 1));
    }

    [Fact]
    public void Score_EmptyHistoryWithInterestTopic_LiftsThatTopicsBestseller()
    {
        ItemFeatures[] items = [Item("docker", "devops"), Item("excel", "office"), Item("k8s", "devops"), Item("word", "office")];
        var data = Fixtures.Set(6, items, [At(0, 1, 1), At(1, 1, 1), At(2, 1, 1), At(3, 3, 1), At(4, 3, 1), At(5, 0, 1)]);
        var model = new PopularityGenerator().Train(data, Fixtures.Ct);
        var newcomer = LearnerHistory.Empty with { InterestTopics = ["DevOps"] };

        Assert.Equal(1, Fixtures.Best(model, LearnerHistory.Empty));
        Assert.Equal(0, Fixtures.Best(model, newcomer));
        Assert.Equal(new Reason(ReasonKind.PopularInTopic, Topic: "devops"), model.Explain(newcomer, 0));
        Assert.Equal(new Reason(ReasonKind.Popular), model.Explain(newcomer, 1));
    }

    [Fact]
    public void Score_HistoryInATopic_LiftsThatTopicOverTheInterests()
    {
        ItemFeatures[] items = [Item("docker", "devops"), Item("excel", "office"), Item("k8s", "devops"), Item("word", "office")];
        var data = Fixtures.Set(6, items, [At(0, 1, 1), At(1, 1, 1), At(2, 1, 1), At(3, 3, 1), At(4, 2, 1), At(5, 0, 1)]);
        var model = new PopularityGenerator().Train(data, Fixtures.Ct);
        var learner = Fixtures.History(3) with { InterestTopics = ["devops"] };

        Assert.Equal(1, Fixtures.Best(model, learner, 3));
        Assert.Equal(new Reason(ReasonKind.PopularInTopic, Topic: "office"), model.Explain(learner, 1));
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalScores()
    {
        ItemFeatures[] items = [Item("docker", "devops"), Item("excel", "office"), Item("k8s", "")];
        var data = Fixtures.Set(3, items, [At(0, 0, 3), At(1, 1, 2), At(2, 2, 1)]);
        var model = new PopularityGenerator().Train(data, Fixtures.Ct);
        var learner = LearnerHistory.Empty with { InterestTopics = ["office"] };

        var loaded = Fixtures.RoundTrip(model);

        Assert.IsType<PopularityModel>(loaded);
        Assert.Equal(Fixtures.Scores(model, learner), Fixtures.Scores(loaded, learner));
        Assert.Equal(model.Explain(learner, 1), loaded.Explain(learner, 1));
    }
}
