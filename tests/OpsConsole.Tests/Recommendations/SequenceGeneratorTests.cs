using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class SequenceGeneratorTests
{
    private const int DockerBasics = 0, Kubernetes = 1, LinuxShell = 2, Python = 3, DataAnalysis = 4;

    private static Interaction At(int user, int item, double daysAgo) =>
        new(user, item, 1f, Fixtures.Now - (long)(daysAgo * Fixtures.Day));

    [Fact]
    public void Score_LearnerJustFinishedDockerBasics_OffersTheCourseOthersTookNext()
    {
        var data = Fixtures.Set(5, Fixtures.Items(5),
        [
            At(0, DockerBasics, 10), At(0, Kubernetes, 5),
            At(1, DockerBasics, 20), At(1, Kubernetes, 12),
            At(2, LinuxShell, 30), At(2, DockerBasics, 20), At(2, Kubernetes, 10),
            At(3, DockerBasics, 8), At(3, LinuxShell, 4),
            At(4, Python, 9), At(4, DataAnalysis, 3),
        ]);
        var model = new SequenceGenerator().Train(data, Fixtures.Ct);
        var learner = Fixtures.History(Python, DockerBasics);

        Assert.Equal(Kubernetes, Fixtures.Best(model, learner, Python, DockerBasics));
        Assert.Equal(new Reason(ReasonKind.NextAfter, DockerBasics), model.Explain(learner, Kubernetes));
    }

    [Fact]
    public void Train_OldTransitions_CountLessThanRecentOnes()
    {
        // Two learners went on to Kubernetes a year ago; one went on to the Linux shell yesterday.
        var data = Fixtures.Set(3, Fixtures.Items(3),
        [
            At(0, DockerBasics, 400), At(0, Kubernetes, 399),
            At(1, DockerBasics, 400), At(1, Kubernetes, 398),
            At(2, DockerBasics, 2), At(2, LinuxShell, 1),
        ]);

        var recent = new SequenceGenerator(new SequenceOptions { HalfLifeDays = 90 }).Train(data, Fixtures.Ct);
        var timeless = new SequenceGenerator(new SequenceOptions { HalfLifeDays = 100_000 }).Train(data, Fixtures.Ct);

        Assert.Equal(LinuxShell, Fixtures.Best(recent, Fixtures.History(DockerBasics), DockerBasics));
        Assert.Equal(Kubernetes, Fixtures.Best(timeless, Fixtures.History(DockerBasics), DockerBasics));
    }

    [Fact]
    public void Train_TransitionWeights_AreConditionalProbabilities()
    {
        var data = Fixtures.Set(4, Fixtures.Items(3),
        [
            At(0, DockerBasics, 0), At(0, Kubernetes, 0),
            At(1, DockerBasics, 0), At(1, Kubernetes, 0),
            At(2, DockerBasics, 0), At(2, Kubernetes, 0),
            At(3, DockerBasics, 0), At(3, LinuxShell, 0),
        ]);

        var model = (SequenceModel)new SequenceGenerator().Train(data, Fixtures.Ct);

        Assert.Equal(0.75f, model.Transitions.Get(DockerBasics, Kubernetes), 5);
        Assert.Equal(0.25f, model.Transitions.Get(DockerBasics, LinuxShell), 5);
    }

    [Fact]
    public void Score_TwoAnchors_TheLatestHistoryItemWeighsMost()
    {
        var data = Fixtures.Set(2, Fixtures.Items(5),
        [
            At(0, DockerBasics, 5), At(0, Kubernetes, 4),
            At(1, Python, 5), At(1, DataAnalysis, 4),
        ]);
        var model = new SequenceGenerator().Train(data, Fixtures.Ct);

        Assert.Equal(DataAnalysis, Fixtures.Best(model, Fixtures.History(DockerBasics, Python), DockerBasics, Python));
        Assert.Equal(Kubernetes, Fixtures.Best(model, Fixtures.History(Python, DockerBasics), DockerBasics, Python));
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalScores()
    {
        var data = Fixtures.FromBaskets(4, [0, 1, 2], [1, 2, 3], [0, 2, 3]);
        var model = new SequenceGenerator().Train(data, Fixtures.Ct);

        var loaded = Fixtures.RoundTrip(model);

        Assert.IsType<SequenceModel>(loaded);
        Assert.Equal(Fixtures.Scores(model, Fixtures.History(0, 1)), Fixtures.Scores(loaded, Fixtures.History(0, 1)));
    }
}
