namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>CUPED's coefficient θ and each arm's adjusted moments, in the order the arms were given.</summary>
public sealed record CupedResult(double Theta, IReadOnlyList<ArmMoments> Arms);
