using OpsConsole.Support;

namespace OpsConsole.Tests.Support;

/// <summary>One model trained once for the class: training is the slow part.</summary>
public sealed class TrainedIntentModel
{
    public IntentModel Model { get; } = IntentModel.Train(TicketCorpus.Training());
}

public sealed class IntentModelTests(TrainedIntentModel trained) : IClassFixture<TrainedIntentModel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IntentModel Model => trained.Model;

    [Fact]
    public void Train_BilingualTickets_KnowsEveryIntent()
    {
        Assert.Equal(TicketCorpus.Intents, Model.Intents);
    }

    [Theory]
    [MemberData(nameof(HeldOut))]
    public void Predict_HeldOutPhrasing_ReturnsItsIntent(string text, string intent)
    {
        var prediction = Model.Predict(text);

        Assert.Equal(intent, prediction.Intent);
        Assert.Equal(prediction.Top[0].Probability, prediction.Confidence);
        Assert.True(prediction.Confidence > 1.0 / TicketCorpus.Intents.Length);
    }

    public static TheoryData<string, string> HeldOut()
    {
        var data = new TheoryData<string, string>();
        foreach (var (text, intent) in TicketCorpus.HeldOut)
        {
            data.Add(text, intent);
        }
        return data;
    }

    [Fact]
    public void Predict_AnyText_ReturnsTheThreeLikeliestIntentsInOrder()
    {
        var prediction = Model.Predict("视频没有声音");

        Assert.Equal(3, prediction.Top.Count);
        Assert.Equal(3, prediction.Top.Select(t => t.Intent).Distinct().Count());
        Assert.True(prediction.Top[0].Probability >= prediction.Top[1].Probability);
        Assert.True(prediction.Top[1].Probability >= prediction.Top[2].Probability);
        Assert.Equal(1, Model.Probabilities("视频没有声音").Sum(), 3);
    }

    [Fact]
    public void Predict_TextWithNoKnownTerm_StillReturnsAnIntent()
    {
        var prediction = Model.Predict("§§§ ???");

        Assert.Contains(prediction.Intent, TicketCorpus.Intents);
        Assert.InRange(prediction.Confidence, 0, 1);
    }

    [Fact]
    public void ToBytes_RoundTrip_PredictsTheSameProbabilities()
    {
        var copy = IntentModel.FromBytes(Model.ToBytes());

        Assert.Equal(Model.Intents, copy.Intents);
        foreach (var (text, _) in TicketCorpus.HeldOut)
        {
            Assert.Equal(Model.Probabilities(text), copy.Probabilities(text));
        }
    }

    [Fact]
    public void FromBytes_NotAModel_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => IntentModel.FromBytes([1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.Throws<InvalidDataException>(() => IntentModel.FromBytes([]));
    }

    [Fact]
    public void FromBytes_Truncated_ThrowsInvalidData()
    {
        var bytes = Model.ToBytes();

        Assert.Throws<InvalidDataException>(() => IntentModel.FromBytes(bytes[..(bytes.Length / 2)]));
    }

    [Fact]
    public async Task Predict_ManyThreadsAtOnce_GivesTheSameAnswersAsOneThread()
    {
        var texts = TicketCorpus.HeldOut.Select(h => h.Text).ToArray();
        var expected = texts.Select(Model.Probabilities).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => (i, Model.Probabilities(texts[i % texts.Length])), TestContext.Current.CancellationToken)));

        Assert.All(results, r => Assert.Equal(expected[r.i % texts.Length], r.Item2));
    }

    [Fact]
    public void Evaluate_HeldOutTickets_ReportsTheirAccuracyAndConfusion()
    {
        var evaluation = Model.Evaluate(TicketCorpus.HeldOut, Ct);

        Assert.Equal(1.0, evaluation.Accuracy);
        Assert.Equal(1.0, evaluation.MacroF1);
        Assert.Equal(TicketCorpus.Intents, evaluation.Intents);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(2, evaluation.ConfusionMatrix[i][i]));
    }

    [Fact]
    public void Evaluate_IntentTheModelNeverSaw_CountsAsAnError()
    {
        var evaluation = Model.Evaluate([.. TicketCorpus.HeldOut, ("The coupon code says it is invalid.", "coupon")], Ct);

        Assert.Contains("coupon", evaluation.Intents);
        Assert.Equal(8.0 / 9, evaluation.Accuracy, 9);
        Assert.Equal(0, evaluation.PerIntent.Single(m => m.Intent == "coupon").Recall);
    }

    [Fact]
    public void Train_OneIntent_Throws()
    {
        Assert.Throws<ArgumentException>(() => IntentModel.Train([("a refund please", "refund"), ("money back", "refund")], cancellationToken: Ct));
    }

    [Theory]
    [InlineData(IntentLearner.LinearSvm)]
    [InlineData(IntentLearner.SdcaMaximumEntropy)]
    public void Train_OtherLearners_AlsoLearnTheTickets(IntentLearner learner)
    {
        var model = IntentModel.Train(TicketCorpus.Training(), new IntentTrainingOptions { Learner = learner }, Ct);

        Assert.True(model.Evaluate(TicketCorpus.HeldOut, Ct).Accuracy >= 0.75);
        Assert.Equal(1, model.Probabilities("视频没有声音").Sum(), 3);
    }
}
