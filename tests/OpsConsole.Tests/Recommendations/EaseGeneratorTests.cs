using MathNet.Numerics.LinearAlgebra;
using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class EaseGeneratorTests
{
    // Item 0 taken by learners 0–2, item 1 by learners 0, 1, 3, 4: G00 = 3, G11 = 4, G01 = 2.
    private static readonly TrainingSet TwoItems = Fixtures.FromBaskets(2, [0, 1], [0, 1], [0], [1], [1]);

    [Fact]
    public void Train_TwoItems_WeightsAreTheRidgeRegressionOfOneItemOnTheOther()
    {
        var model = (EaseModel)new EaseGenerator(new EaseOptions { Lambda = 1, Dropout = 0 }).Train(TwoItems, Fixtures.Ct);

        // With two items B01 = G01 / (G00 + λ) and B10 = G01 / (G11 + λ); the diagonal is forced to 0.
        Assert.Equal(2.0 / 4, model.Weight(0, 1), 5);
        Assert.Equal(2.0 / 5, model.Weight(1, 0), 5);
        Assert.Equal(0f, model.Weight(0, 0));
        Assert.Equal(0f, model.Weight(1, 1));
    }

    [Fact]
    public void Train_WithDropout_PenalisesEachItemByItsOwnCount()
    {
        var model = (EaseModel)new EaseGenerator(new EaseOptions { Lambda = 1, Dropout = 0.5 }).Train(TwoItems, Fixtures.Ct);

        // λ₀ = λ + p/(1−p)·G00 = 1 + 3, so B01 = 2 / (3 + 4).
        Assert.Equal(2.0 / 7, model.Weight(0, 1), 5);
        Assert.Equal(2.0 / 9, model.Weight(1, 0), 5);
    }

    [Fact]
    public void Train_FourItems_MatchesTheClosedFormThroughAGeneralInverse()
    {
        var data = Fixtures.FromBaskets(4, [0, 1, 2], [0, 1], [1, 2, 3], [2, 3], [0, 3], [1], [0, 2]);
        const double lambda = 0.7;

        var model = (EaseModel)new EaseGenerator(new EaseOptions { Lambda = lambda, Dropout = 0 }).Train(data, Fixtures.Ct);

        var x = Matrix<double>.Build.Dense(data.UserCount, 4);
        foreach (var i in data.Interactions)
        {
            x[i.User, i.Item] = 1;
        }
        var p = (x.TransposeThisAndMultiply(x) + lambda * Matrix<double>.Build.DenseIdentity(4)).Inverse();
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                var expected = i == j ? 0 : -p[i, j] / p[j, j];
                Assert.Equal(expected, model.Weight(i, j), 5);
            }
        }
    }

    [Fact]
    public void Score_History_IsTheSumOfTheHistoryRows()
    {
        var data = Fixtures.FromBaskets(4, [0, 1, 2], [0, 1], [1, 2, 3], [2, 3], [0, 3]);
        var model = (EaseModel)new EaseGenerator(new EaseOptions { Lambda = 1 }).Train(data, Fixtures.Ct);

        var scores = Fixtures.Scores(model, Fixtures.History(0, 2, 0));

        for (var j = 0; j < 4; j++)
        {
            Assert.Equal(model.Weight(0, j) + model.Weight(2, j), scores[j], 5);
        }
    }

    [Fact]
    public void Score_WeightedInput_ScalesRowsByTheStrongestWeight()
    {
        var data = Fixtures.FromBaskets(3, [0, 1], [0, 1, 2], [1, 2]);
        var model = (EaseModel)new EaseGenerator(new EaseOptions { Lambda = 1, Weighting = InteractionWeighting.Weight }).Train(data, Fixtures.Ct);
        var history = new LearnerHistory([0, 0], [1f, 3f], [1, 2], [], null);

        var scores = Fixtures.Scores(model, history);

        Assert.Equal(3 * model.Weight(0, 2), scores[2], 5);
    }

    [Fact]
    public void Explain_TwoHistoryItems_NamesTheOneContributingMost()
    {
        // Item 3 goes with item 2 (three learners) far more than with item 0 (one learner).
        var data = Fixtures.FromBaskets(4, [2, 3], [2, 3], [2, 3], [0, 3], [0, 1], [0, 1], [0, 2]);
        var model = new EaseGenerator(new EaseOptions { Lambda = 1 }).Train(data, Fixtures.Ct);

        var reason = model.Explain(Fixtures.History(0, 2), 3);

        Assert.Equal(new Reason(ReasonKind.SimilarToHistory, 2), reason);
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalScores()
    {
        var data = Fixtures.FromBaskets(5, [0, 1, 2], [1, 2, 3], [3, 4], [0, 4], [2, 4]);
        var model = new EaseGenerator().Train(data, Fixtures.Ct);

        var loaded = Fixtures.RoundTrip(model);

        Assert.IsType<EaseModel>(loaded);
        Assert.Equal(Fixtures.Scores(model, Fixtures.History(0, 3)), Fixtures.Scores(loaded, Fixtures.History(0, 3)));
        Assert.Equal(model.Explain(Fixtures.History(0, 3), 4), loaded.Explain(Fixtures.History(0, 3), 4));
    }

    [Fact]
    public void Train_MoreItemsThanTheLimit_FallsBackToItemKnn()
    {
        var data = Fixtures.FromBaskets(3, [0, 1], [1, 2], [0, 2]);
        var generator = CandidateGenerators.Create("ease", new EngineOptions { EaseMaxItems = 2 });

        var model = generator.Train(data, Fixtures.Ct);

        Assert.Equal("itemknn", model.Generator);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        Assert.Equal("itemknn", generator.Load(stream).Generator);
    }

    [Fact]
    public void Train_NoFallbackAboveTheLimit_ThrowsNamingItemKnn()
    {
        var data = Fixtures.FromBaskets(3, [0, 1], [1, 2]);

        var error = Assert.Throws<InvalidOperationException>(() => new EaseGenerator(maxItems: 2).Train(data, Fixtures.Ct));

        Assert.Contains("item-kNN", error.Message);
    }

    [Fact]
    public void TrainingBytes_TenThousandItems_IsTwelveBytesPerCell()
    {
        Assert.Equal(1_200_000_000L, EaseGenerator.TrainingBytes(10_000));
    }
}
