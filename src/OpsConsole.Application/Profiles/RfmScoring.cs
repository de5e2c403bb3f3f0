namespace OpsConsole.Profiles;

/// <summary>
/// Quintile scores over paying learners: recency (days since the last payment, fewer is better), frequency
/// (payments) and monetary (net spend), each 1–5 by the share of payers a learner beats — a learner whose value
/// is above 40% of payers' scores 3 — so ties share a score (most payers buy once: they all score 1 on frequency).
/// Learners who never paid score 0 and are Prospects. The cut points are computed at each full rebuild and reused
/// when single profiles are refreshed in between, so one learner's new purchase does not re-score everyone else.
/// </summary>
/// <param name="Recency">Cut points over minus the days since the last payment, so that higher is better for all three.</param>
public sealed record RfmScoring(double[] Recency, double[] Payments, double[] NetSpend)
{
    public static RfmScoring Empty { get; } = new([], [], []);

    public static RfmScoring Fit(IEnumerable<LearnerProfile> profiles, DateTime asOf)
    {
        var payers = profiles.Where(p => p.LastPaymentAt is not null).ToList();
        return new RfmScoring(
            CutPoints(payers.Select(p => -DaysSince(p.LastPaymentAt!.Value, asOf))),
            CutPoints(payers.Select(p => (double)p.Payments)),
            CutPoints(payers.Select(p => (double)p.NetSpend)));
    }

    public void Apply(LearnerProfile profile, DateTime asOf)
    {
        if (profile.LastPaymentAt is not { } last)
        {
            (profile.RecencyScore, profile.FrequencyScore, profile.MonetaryScore, profile.RfmSegment) = (0, 0, 0, RfmSegment.Prospect);
            return;
        }
        profile.RecencyScore = Score(Recency, -DaysSince(last, asOf));
        profile.FrequencyScore = Score(Payments, profile.Payments);
        profile.MonetaryScore = Score(NetSpend, (double)profile.NetSpend);
        profile.RfmSegment = Segment(profile.RecencyScore, (int)Math.Round((profile.FrequencyScore + profile.MonetaryScore) / 2.0, MidpointRounding.AwayFromZero));
    }

    /// <summary>The common RFM grid on recency and the frequency–monetary score.</summary>
    public static RfmSegment Segment(int r, int fm) => (r, fm) switch
    {
        (>= 5, >= 4) => RfmSegment.Champions,
        (>= 3, >= 4) => RfmSegment.Loyal,
        (>= 4, >= 2) => RfmSegment.PotentialLoyalist,
        (5, 1) => RfmSegment.NewCustomer,
        (4, 1) => RfmSegment.Promising,
        (3, 3) => RfmSegment.NeedAttention,
        (3, _) => RfmSegment.AboutToSleep,
        (_, 5) => RfmSegment.CannotLoseThem,
        (_, >= 3) => RfmSegment.AtRisk,
        _ => RfmSegment.Hibernating,
    };

    private static double DaysSince(DateTime at, DateTime asOf) => Math.Round(Math.Max(0, (asOf - at).TotalDays), 6);

    private static int Score(double[] cuts, double value) => 1 + cuts.Count(cut => value >= cut);

    /// <summary>For k = 1..4, the smallest value that is above at least k/5 of all values (MaxValue when none is).</summary>
    private static double[] CutPoints(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return [];
        }
        var cuts = new double[4];
        for (var k = 1; k <= 4; k++)
        {
            cuts[k - 1] = double.MaxValue;
            for (var i = 0; i < sorted.Length; i++)
            {
                // i is the number of values below sorted[i] where a run of equal values starts.
                if ((i == 0 || sorted[i] != sorted[i - 1]) && i * 5 >= k * sorted.Length)
                {
                    cuts[k - 1] = sorted[i];
                    break;
                }
            }
        }
        return cuts;
    }
}
