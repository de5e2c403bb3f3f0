namespace OpsConsole.Profiles;

/// <summary>The usual RFM segments, from the recency score and the combined frequency–monetary score.</summary>
public enum RfmSegment
{
    /// <summary>Never paid: no RFM scores.</summary>
    Prospect = 0,
    Champions = 1,
    Loyal = 2,
    PotentialLoyalist = 3,
    NewCustomer = 4,
    Promising = 5,
    NeedAttention = 6,
    AboutToSleep = 7,
    AtRisk = 8,
    CannotLoseThem = 9,
    Hibernating = 10,
}
