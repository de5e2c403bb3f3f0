namespace OpsConsole.Profiles;

/// <summary>Where a learner is in their life with the platform. The rules are in <c>LifecycleRules</c> and the README.</summary>
public enum LifecycleStage
{
    New = 0,
    Active = 1,
    AtRisk = 2,
    Dormant = 3,
    Churned = 4,
    Reactivated = 5,
}
