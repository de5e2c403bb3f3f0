using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class ItemKnnGeneratorTests
{
    // Item 0: learners {0, 1, 2}; item 1: {0, 1, 3}; item 2: {2, 3}.
    private static readonly TrainingSet Data = Fixtures.FromBaskets(3, [0, 1], [0, 1], [0, 2], [1, 2]);

    [Fact]
    public void Train_NoShrink_SimilarityIsTheCosineOfLearnerSets()
    {
        var model = (ItemKnnModel)new ItemKnnGenerator(new ItemKnnOptions { Shrink = 0 }).Train(Data, Fixtures.Ct);

        Assert.Equal(2 / 3.0, model.Neighbours.Get(0, 1), 5);
        Assert.Equal(1 / Math.Sqrt(6), model.Neighbours.Get(0, 2), 5);
        Assert.Equal(model.Neighbours.Get(0, 1), model.Neighbours.Get(1, 0));
        Assert.Equal(0f, model.Neighbours.Get(0, 0));
    }

    [Fact]
    public void Train_Shrink_AddsToTheDenominator()
    {
        var model = (ItemKnnModel)new ItemKnnGenerator(new ItemKnnOptions { Shrink = 1 }).Train(Data, Fixtures.Ct);

        Assert.Equal(2 / (3.0 + 1), model.Neighbours.Get(0, 1), 5);
    }

    [Fact]
    public void Train_OneNeighbour_KeepsOnlyTheMostSimilarItem()
    {
        var model = (ItemKnnModel)new ItemKnnGenerator(new ItemKnnOptions { Neighbours = 1, Shrink = 0 }).Train(Data, Fixtures.Ct);

        Assert.Equal([1], model.Neighbours.RowIndices(0).ToArray());
        Assert.Equal([0], model.Neighbours.RowIndices(1).ToArray());
        // Items 0 and 1 tie for item 2; the lower index wins so training is reproducible.
        Assert.Equal([0], model.Neighbours.RowIndices(2).ToArray());
    }

    [Fact]
    public void Score_History_SumsTheNeighbourSimilarities()
    {
        var model = (ItemKnnModel)new ItemKnnGenerator(new ItemKnnOptions { Shrink = 0 }).Train(Data, Fixtures.Ct);

        var scores = Fixtures.Scores(model, Fixtures.History(0, 1));

        Assert.Equal(2 / Math.Sqrt(6), scores[2], 5);
        Assert.Equal(2 / 3.0, scores[0], 5);
    }

    [Fact]
    public void Explain_TwoHistoryItems_NamesTheMoreSimilarOne()
    {
        var data = Fixtures.FromBaskets(4, [0, 3], [0, 3], [0, 3], [1, 3], [1, 2]);
        var model = new ItemKnnGenerator().Train(data, Fixtures.Ct);

        Assert.Equal(new Reason(ReasonKind.SimilarToHistory, 0), model.Explain(Fixtures.History(0, 1), 3));
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalScores()
    {
        var model = new ItemKnnGenerator().Train(Data, Fixtures.Ct);

        var loaded = Fixtures.RoundTrip(model);

        Assert.IsType<ItemKnnModel>(loaded);
        Assert.Equal(Fixtures.Scores(model, Fixtures.History(2)), Fixtures.Scores(loaded, Fixtures.History(2)));
    }
}
