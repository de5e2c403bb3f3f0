using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Retention;

/// <summary>A learner's churn risk as the profile and the ticket page show it.</summary>
public sealed record LearnerChurn(
    string LearnerId,
    double Risk,
    DateTime ScoredAt,
    IReadOnlyList<ChurnDriver> Drivers,
    IReadOnlyList<RiskPoint> History,
    ChurnAlertSummary? OpenAlert);

public sealed class ChurnScoreQueries(IDbContextFactory<OpsDbContext> contexts)
{
    /// <summary>The learner's current score, its drivers, recent history and unresolved alert; null before any score.</summary>
    public async Task<LearnerChurn?> ForLearnerAsync(string learnerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var score = await db.ChurnScores.AsNoTracking().FirstOrDefaultAsync(s => s.LearnerId == learnerId, cancellationToken);
        if (score is null)
        {
            return null;
        }
        var open = await db.ChurnAlerts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.LearnerId == learnerId && a.Status != ChurnAlertStatus.Resolved, cancellationToken);
        var segment = open?.SegmentId is { } id ? await db.Segments.Where(s => s.Id == id).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken) : null;
        var history = await ChurnAlertQueries.HistoryAsync(db, learnerId, cancellationToken);
        return new LearnerChurn(learnerId, score.Risk, score.ScoredAt, ChurnDrivers.Parse(score.Drivers), history,
            open is null ? null : ChurnAlertSummary.Of(open, segment, score.Risk));
    }
}
