namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>What to do with the experiment, judged on one metric.</summary>
public enum ExperimentVerdict
{
    /// <summary>Nothing is decided yet and the planned sample is not reached.</summary>
    KeepRunning,

    /// <summary>A variant wins: ship the best one.</summary>
    Ship,

    /// <summary>The planned sample is reached (or every interval is inside the minimum effect) without a winner or loser.</summary>
    NoDifference,

    /// <summary>No variant wins and at least one is worse than the control.</summary>
    Harmful,

    /// <summary>The traffic split does not match the plan, so no effect can be trusted: fix the assignment first.</summary>
    SampleRatioMismatch,
}
