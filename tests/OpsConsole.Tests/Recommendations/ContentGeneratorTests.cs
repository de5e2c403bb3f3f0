using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class ContentGeneratorTests
{
    private static readonly ItemFeatures[] Catalogue =
    [
        new("docker", "Docker basics", "devops", ["docker", "containers"], true),
        new("k8s", "Kubernetes in production", "devops", ["kubernetes", "containers", "docker"], true),
        new("watercolour", "Watercolour painting", "art", ["painting", "watercolour"], true),
        new("oil", "Oil painting for beginners", "art", ["painting", "oil"], true),
        new("excel", "Excel pivot tables", "office", ["excel", "spreadsheets"], true),
    ];

    // Nobody has touched the Kubernetes course yet.
    private static readonly TrainingSet Data = Fixtures.Set(3, Catalogue,
        [new Interaction(0, 0, 1, Fixtures.Now), new Interaction(1, 2, 1, Fixtures.Now), new Interaction(2, 3, 1, Fixtures.Now), new Interaction(2, 4, 1, Fixtures.Now)]);

    [Fact]
    public void Score_LearnerOfDockerBasics_OffersTheUntouchedCourseSharingItsTags()
    {
        var model = new ContentGenerator().Train(Data, Fixtures.Ct);
        var learner = Fixtures.History(0);

        Assert.Equal(1, Fixtures.Best(model, learner, 0));
        Assert.Equal(new Reason(ReasonKind.SimilarContent, 0), model.Explain(learner, 1));
        Assert.Equal(0f, Fixtures.Scores(model, learner)[4]);
    }

    [Fact]
    public void Score_UnitVectors_AnItemIsPerfectlySimilarToItself()
    {
        var model = (ContentModel)new ContentGenerator().Train(Data, Fixtures.Ct);

        Assert.Equal(1f, model.Similarity(2, 2), 5);
        Assert.Equal(1f, Fixtures.Scores(model, Fixtures.History(2))[2], 5);
        Assert.InRange(model.Similarity(2, 3), 0.01f, 0.99f);
    }

    [Fact]
    public void Score_ChineseTitlesWithoutTags_MatchOnCharacterBigrams()
    {
        ItemFeatures[] items =
        [
            new("a", "机器学习入门", "", [], true),
            new("b", "机器学习实战", "", [], true),
            new("c", "摄影构图技巧", "", [], true),
        ];
        var model = new ContentGenerator().Train(Fixtures.Set(1, items, [new Interaction(0, 0, 1, Fixtures.Now)]), Fixtures.Ct);

        var scores = Fixtures.Scores(model, Fixtures.History(0));

        Assert.True(scores[1] > 0);
        Assert.Equal(0f, scores[2]);
    }

    [Fact]
    public void Score_EmptyHistoryWithInterest_MatchesItemsOfThatTopic()
    {
        var model = new ContentGenerator().Train(Data, Fixtures.Ct);
        var newcomer = LearnerHistory.Empty with { InterestTopics = ["art"] };

        var scores = Fixtures.Scores(model, newcomer);

        Assert.Contains(Fixtures.Best(model, newcomer), new[] { 2, 3 });
        Assert.Equal(0f, scores[0]);
        Assert.Equal(new Reason(ReasonKind.SimilarContent, Topic: "art"), model.Explain(newcomer, 2));
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalScores()
    {
        var model = new ContentGenerator().Train(Data, Fixtures.Ct);

        var loaded = Fixtures.RoundTrip(model);

        Assert.IsType<ContentModel>(loaded);
        Assert.Equal(Fixtures.Scores(model, Fixtures.History(0, 2)), Fixtures.Scores(loaded, Fixtures.History(0, 2)));
    }
}
