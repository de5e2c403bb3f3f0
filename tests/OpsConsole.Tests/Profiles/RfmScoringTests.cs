using OpsConsole.Profiles;

namespace OpsConsole.Tests.Profiles;

public sealed class RfmScoringTests
{
    private static readonly DateTime AsOf = new(2026, 5, 10, 0, 0, 0, DateTimeKind.Utc);

    private static LearnerProfile Payer(int id, double daysAgo, int payments, decimal spend) => new()
    {
        LearnerId = $"u-{id}",
        LastPaymentAt = AsOf.AddDays(-daysAgo),
        Payments = payments,
        NetSpend = spend,
    };

    [Theory]
    [InlineData(5, 5, RfmSegment.Champions)]
    [InlineData(5, 4, RfmSegment.Champions)]
    [InlineData(4, 5, RfmSegment.Loyal)]
    [InlineData(3, 4, RfmSegment.Loyal)]
    [InlineData(5, 2, RfmSegment.PotentialLoyalist)]
    [InlineData(4, 3, RfmSegment.PotentialLoyalist)]
    [InlineData(5, 1, RfmSegment.NewCustomer)]
    [InlineData(4, 1, RfmSegment.Promising)]
    [InlineData(3, 3, RfmSegment.NeedAttention)]
    [InlineData(3, 1, RfmSegment.AboutToSleep)]
    [InlineData(3, 2, RfmSegment.AboutToSleep)]
    [InlineData(2, 5, RfmSegment.CannotLoseThem)]
    [InlineData(1, 3, RfmSegment.AtRisk)]
    [InlineData(2, 4, RfmSegment.AtRisk)]
    [InlineData(2, 2, RfmSegment.Hibernating)]
    [InlineData(1, 1, RfmSegment.Hibernating)]
    public void Segment_RecencyAndFrequencyMonetary_MapsTheGrid(int r, int fm, RfmSegment expected)
    {
        Assert.Equal(expected, RfmScoring.Segment(r, fm));
    }

    [Fact]
    public void Apply_TenPayersSpreadEvenly_ScoresQuintiles()
    {
        // Payer i paid i days ago, i times, 10·i in total: the most recent are also the least frequent.
        var payers = Enumerable.Range(1, 10).Select(i => Payer(i, i, i, 10m * i)).ToList();
        var rfm = RfmScoring.Fit(payers, AsOf);

        foreach (var p in payers)
        {
            rfm.Apply(p, AsOf);
        }

        Assert.Equal([5, 5, 4, 4, 3, 3, 2, 2, 1, 1], payers.Select(p => p.RecencyScore));
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], payers.Select(p => p.FrequencyScore));
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], payers.Select(p => p.MonetaryScore));
        Assert.Equal(RfmSegment.NewCustomer, payers[0].RfmSegment);
        Assert.Equal(RfmSegment.CannotLoseThem, payers[9].RfmSegment);
    }

    [Fact]
    public void Apply_NeverPaid_ProspectWithZeroScores()
    {
        var rfm = RfmScoring.Fit([Payer(1, 1, 1, 10m)], AsOf);
        var prospect = new LearnerProfile { LearnerId = "u-2" };

        rfm.Apply(prospect, AsOf);

        Assert.Equal((0, 0, 0, RfmSegment.Prospect), (prospect.RecencyScore, prospect.FrequencyScore, prospect.MonetaryScore, prospect.RfmSegment));
    }

    [Fact]
    public void Apply_MostPayersBuyOnce_TiesShareTheLowestFrequencyScore()
    {
        // 6 of 10 paid once, 3 twice, 1 three times.
        int[] payments = [1, 1, 1, 1, 1, 1, 2, 2, 2, 3];
        var payers = payments.Select((n, i) => Payer(i, 5, n, 10m)).ToList();
        var rfm = RfmScoring.Fit(payers, AsOf);

        foreach (var p in payers)
        {
            rfm.Apply(p, AsOf);
        }

        // Twice beats 60% of payers (score 4), three times beats 90% (score 5); equal spend beats nobody.
        Assert.Equal([1, 1, 1, 1, 1, 1, 4, 4, 4, 5], payers.Select(p => p.FrequencyScore));
        Assert.All(payers, p => Assert.Equal(1, p.MonetaryScore));
    }
}
