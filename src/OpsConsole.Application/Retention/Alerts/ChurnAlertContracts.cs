namespace OpsConsole.Retention;

/// <summary>An alert as the console lists it and pushes it live.</summary>
public sealed record ChurnAlertSummary(
    long Id,
    string LearnerId,
    DateTime RaisedAt,
    double Risk,
    double Threshold,
    ValueTier Tier,
    int? SegmentId,
    string? SegmentName,
    ChurnAlertStatus Status,
    string? AssignedTo,
    RetentionAction? Action,
    DateTime? ActionAt,
    AlertOutcome Outcome,
    DateTime? ResolvedAt,
    double? CurrentRisk,
    string? TopDriver)
{
    public static ChurnAlertSummary Of(ChurnAlert a, string? segmentName = null, double? currentRisk = null) =>
        new(a.Id, a.LearnerId, a.RaisedAt, a.Risk, a.Threshold, a.ValueTier, a.SegmentId, segmentName, a.Status, a.AssignedTo,
            a.Action, a.ActionAt, a.Outcome, a.ResolvedAt, currentRisk ?? a.Risk, ChurnDrivers.Parse(a.Drivers).FirstOrDefault()?.Sentence);
}

/// <summary>Live push of new alerts to the people who work them (operators, managers, admins).</summary>
public interface IChurnAlertNotifier
{
    Task AlertRaisedAsync(ChurnAlertSummary alert, CancellationToken cancellationToken);
}

/// <summary>No live push: hosts without a hub (the command line, tests of the services alone).</summary>
public sealed class NullChurnAlertNotifier : IChurnAlertNotifier
{
    public Task AlertRaisedAsync(ChurnAlertSummary alert, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What one pass over the current scores raised.</summary>
public sealed record RaiseResult(int Candidates, IReadOnlyList<ChurnAlertSummary> Raised);

/// <summary>What one run of outcome tracking decided.</summary>
public sealed record OutcomeResult(int Stayed, int Churned, int HistoryPruned);

public sealed class ChurnAlertNotFoundException(long alertId) : Exception($"Churn alert {alertId} does not exist.")
{
    public long AlertId { get; } = alertId;
}

/// <summary>A workflow step the alert's state does not allow, such as acting on a resolved alert.</summary>
public sealed class ChurnAlertStateException(string message) : Exception(message);
