using System.Globalization;
using OpsConsole.Experiments;

namespace OpsConsole.Tests.Experiments;

public sealed class ExperimentHashTests
{
    [Theory]
    [InlineData("seed", "a", 0.0505)]
    [InlineData("seed", "b", 0.2696)]
    [InlineData("foo", "ab", 0.2575)]
    [InlineData("90850943850283058242805", "123", 0.7516)]
    public void Bucket_GrowthBookVersion2Vectors_GiveTheirPublishedValues(string seed, string id, double expected) =>
        Assert.Equal(expected, ExperimentHash.Bucket(seed, id), precision: 10);

    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a32_ReferenceVectors_MatchTheFnvSpecification(string text, uint expected) =>
        Assert.Equal(expected, ExperimentHash.Fnv1a32(text));

    [Fact]
    public void Fnv1a32_TextOutsideTheBasicPlane_HashesItsUtf16CodeUnitsAsJavaScriptDoes()
    {
        // "学😀": one BMP character, then a surrogate pair; charCodeAt sees three units.
        uint[] units = [0x5B66, 0xD83D, 0xDE00];
        var expected = units.Aggregate(0x811c9dc5u, (hash, unit) => unchecked((hash ^ unit) * 16777619u));

        Assert.Equal(expected, ExperimentHash.Fnv1a32("学😀"));
    }

    [Fact]
    public void Ranges_Weights_AreContiguousInOrderAndCoverZeroToOne()
    {
        Assert.Equal([(0d, 0.4), (0.4, 1d)], ExperimentHash.Ranges([0.4, 0.6]));
        var three = ExperimentHash.Ranges([0.2, 0.3, 0.5]);
        Assert.Equal(0.2, three[0].End, precision: 12);
        Assert.Equal((three[0].End, three[1].End), (three[1].Start, three[2].Start));
        Assert.Equal(1d, three[^1].End);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.3999, 0)]
    [InlineData(0.4, 1)]
    [InlineData(0.9999, 1)]
    public void Choose_BucketOnARangeBoundary_FallsInTheRangeItStarts(double bucket, int expected) =>
        Assert.Equal(expected, ExperimentHash.Choose(bucket, ExperimentHash.Ranges([0.4, 0.6])));

    [Fact]
    public void Assign_HundredThousandLearners_SplitsWithinAPercentagePointOfTheWeights()
    {
        string[] arms = ["control", "a", "b"];
        double[] weights = [0.2, 0.3, 0.5];
        var counts = new int[3];

        for (var i = 0; i < 100_000; i++)
        {
            var arm = ExperimentHash.Assign("renewal-reminder", "u-" + i.ToString(CultureInfo.InvariantCulture), [0, 1, 2], a => weights[a]);
            counts[arm]++;
        }

        for (var a = 0; a < arms.Length; a++)
        {
            Assert.InRange(counts[a] / 100_000d, weights[a] - 0.01, weights[a] + 0.01);
        }
    }

    [Fact]
    public void Assign_TwoExperimentsWithTheirOwnSeeds_SplitLearnersIndependently()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => $"learner-{i}").ToList();
        var inFirstTreatment = ids.Where(id => ExperimentHash.Assign("first", id, [false, true], _ => 0.5)).ToList();

        var alsoInSecond = inFirstTreatment.Count(id => ExperimentHash.Assign("second", id, [false, true], _ => 0.5));

        // Had both used one seed, every one of them would be in the second treatment too.
        Assert.InRange(alsoInSecond / (double)inFirstTreatment.Count, 0.48, 0.52);
    }
}
