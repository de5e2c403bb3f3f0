using OpsConsole.Demo;

namespace OpsConsole.Tests.Demo;

public sealed class DemoRandomTests
{
    [Fact]
    public void NextUInt64_SameSeedAndStream_GivesTheSameSequence()
    {
        var a = new DemoRandom(42, 7);
        var b = new DemoRandom(42, 7);

        Assert.Equal(Enumerable.Range(0, 100).Select(_ => a.NextUInt64()), Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
    }

    [Theory]
    [InlineData(42, 7, 42, 8)]
    [InlineData(42, 7, 43, 7)]
    public void NextUInt64_DifferentSeedOrStream_GivesADifferentSequence(int seedA, long streamA, int seedB, long streamB)
    {
        var a = new DemoRandom(seedA, streamA);
        var b = new DemoRandom(seedB, streamB);

        Assert.NotEqual(Enumerable.Range(0, 10).Select(_ => a.NextUInt64()), Enumerable.Range(0, 10).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void Next_ManyDraws_StayInRangeAndCoverIt()
    {
        var rng = new DemoRandom(1);

        var draws = Enumerable.Range(0, 10_000).Select(_ => rng.Next(3, 9)).ToList();

        Assert.All(draws, d => Assert.InRange(d, 3, 8));
        Assert.Equal(6, draws.Distinct().Count());
    }

    [Fact]
    public void PickCumulative_ZeroWeight_IsNeverPicked()
    {
        var rng = new DemoRandom(2);
        double[] cumulative = [1, 1, 4];

        var counts = new int[3];
        for (var i = 0; i < 20_000; i++)
        {
            counts[rng.PickCumulative(cumulative)]++;
        }

        Assert.Equal(0, counts[1]);
        Assert.InRange(counts[2] / (double)counts[0], 2.7, 3.3);
    }

    [Fact]
    public void Poisson_Mean_IsRecovered()
    {
        var rng = new DemoRandom(3);

        var mean = Enumerable.Range(0, 20_000).Average(_ => rng.Poisson(1.6));

        Assert.InRange(mean, 1.55, 1.65);
    }
}
