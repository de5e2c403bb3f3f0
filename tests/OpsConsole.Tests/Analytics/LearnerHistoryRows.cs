using OpsConsole.Analytics;
using OpsConsole.Data;

namespace OpsConsole.Tests.Analytics;

/// <summary>
/// Rewrites the path steps and activity periods from the events with the product's builders, as the profile rebuild
/// does, for component tests that write events straight into the database.
/// </summary>
internal static class LearnerHistoryRows
{
    public static void Rebuild(OpsDbContext db, PlatformTime time)
    {
        db.PathSteps.RemoveRange(db.PathSteps);
        db.LearnerActivity.RemoveRange(db.LearnerActivity);
        foreach (var learner in db.Events.AsEnumerable().GroupBy(e => e.LearnerId))
        {
            var timeline = learner.OrderBy(e => e.OccurredAt).ThenBy(e => e.Seq).Select(e => new TimelineEvent(e.Type, e.OccurredAt, e.Seq)).ToList();
            db.PathSteps.AddRange(PathStepBuilder.Build(learner.Key, timeline).Rows());
            db.LearnerActivity.AddRange(ActivityBuilder.Build(learner.Key, timeline, time).Rows());
        }
        db.SaveChanges();
    }
}
