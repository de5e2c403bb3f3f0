using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class CandidateGeneratorsTests
{
    private static readonly ItemFeatures[] Catalogue =
    [
        new("a", "Docker basics", "devops", ["docker"], true),
        new("b", "Kubernetes", "devops", ["docker", "k8s"], true),
        new("c", "Excel", "office", ["excel"], true),
        new("d", "Word", "office", ["word"], true),
    ];

    private static readonly TrainingSet Data = Fixtures.Set(3, Catalogue,
    [
        new(0, 0, 1, Fixtures.Now - 3 * Fixtures.Day), new(0, 1, 1, Fixtures.Now - 2 * Fixtures.Day),
        new(1, 0, 1, Fixtures.Now - 5 * Fixtures.Day), new(1, 2, 2, Fixtures.Now - Fixtures.Day),
        new(2, 2, 1, Fixtures.Now - 4 * Fixtures.Day), new(2, 3, 1, Fixtures.Now),
    ]);

    public static TheoryData<string> Names() => [.. CandidateGenerators.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Load_EverySavedModel_ScoresAndExplainsAsTheOriginal(string name)
    {
        var model = CandidateGenerators.Create(name).Train(Data, Fixtures.Ct);
        var learner = Fixtures.History(0, 2) with { InterestTopics = ["devops"] };

        var loaded = Fixtures.RoundTrip(model);

        Assert.Equal(name, loaded.Generator);
        Assert.Equal(model.ItemCount, loaded.ItemCount);
        Assert.Equal(Fixtures.Scores(model, learner), Fixtures.Scores(loaded, learner));
        for (var item = 0; item < Catalogue.Length; item++)
        {
            Assert.Equal(model.Explain(learner, item), loaded.Explain(learner, item));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Score_UnknownHistoryItem_IsIgnored(string name)
    {
        var model = CandidateGenerators.Create(name).Train(Data, Fixtures.Ct);

        Assert.Equal(Fixtures.Scores(model, Fixtures.History(0)), Fixtures.Scores(model, Fixtures.History(0, 99)));
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => CandidateGenerators.Create("bandit"));

        Assert.Contains("ease, itemknn, sequence, popularity, content", error.Message);
    }

    [Fact]
    public void Load_ModelOfAnotherGenerator_Throws()
    {
        using var stream = new MemoryStream();
        new PopularityGenerator().Train(Data, Fixtures.Ct).Save(stream);
        stream.Position = 0;

        var error = Assert.Throws<InvalidDataException>(() => new SequenceGenerator().Load(stream));

        Assert.Contains("'popularity'", error.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Load_TruncatedModel_ThrowsInvalidData(string name)
    {
        using var stream = new MemoryStream();
        CandidateGenerators.Create(name).Train(Data, Fixtures.Ct).Save(stream);
        var truncated = new MemoryStream(stream.ToArray()[..^5]);

        Assert.Throws<InvalidDataException>(() => CandidateGenerators.Load(truncated));
    }

    [Fact]
    public void Load_NotAModel_Throws()
    {
        Assert.Throws<InvalidDataException>(() => CandidateGenerators.Load(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8])));
        Assert.Throws<InvalidDataException>(() => CandidateGenerators.Load(new MemoryStream()));
    }
}
