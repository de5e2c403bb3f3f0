namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>How p-values are adjusted when several variants are compared with the control at once.</summary>
public enum CorrectionMethod
{
    None,

    /// <summary>Holm's step-down Bonferroni: controls the family-wise error rate.</summary>
    HolmBonferroni,

    /// <summary>Benjamini–Hochberg: controls the false discovery rate.</summary>
    BenjaminiHochberg,
}
