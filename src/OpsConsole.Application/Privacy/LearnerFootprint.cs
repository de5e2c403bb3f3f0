using OpsConsole.Analytics;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Profiles;
using OpsConsole.Recommendations;
using OpsConsole.Retention;
using OpsConsole.Segments;
using OpsConsole.Support;

namespace OpsConsole.Privacy;

/// <summary>
/// Every row the console holds about one learner, table by table: the one definition that the learner's export
/// reads and erasure removes, so the two can never disagree about what "everything" is.
/// Tables not named here hold no learner: catalogue, agents, knowledge base, models, rollups (aggregates only),
/// experiments' definitions, segment definitions, thresholds, console users and API keys.
/// </summary>
public static class LearnerFootprint
{
    public static IQueryable<Learner> Learners(OpsDbContext db, string id) => db.Learners.Where(l => l.Id == id);
    public static IQueryable<LearnerPii> Pii(OpsDbContext db, string id) => db.LearnerPii.Where(p => p.LearnerId == id);
    public static IQueryable<BehaviorEvent> Events(OpsDbContext db, string id) => db.Events.Where(e => e.LearnerId == id).OrderBy(e => e.Seq);
    public static IQueryable<Order> Orders(OpsDbContext db, string id) => db.Orders.Where(o => o.LearnerId == id);
    public static IQueryable<Refund> Refunds(OpsDbContext db, string id) => db.Refunds.Where(r => Orders(db, id).Select(o => o.Id).Contains(r.OrderId));
    public static IQueryable<Membership> Memberships(OpsDbContext db, string id) => db.Memberships.Where(m => m.LearnerId == id);
    public static IQueryable<Ticket> Tickets(OpsDbContext db, string id) => db.Tickets.Where(t => t.LearnerId == id);
    public static IQueryable<TicketMessage> TicketMessages(OpsDbContext db, string id) =>
        db.TicketMessages.Where(m => Tickets(db, id).Select(t => t.Id).Contains(m.TicketId) || m.AuthorId == id);
    public static IQueryable<TicketAssignment> TicketAssignments(OpsDbContext db, string id) =>
        db.TicketAssignments.Where(a => Tickets(db, id).Select(t => t.Id).Contains(a.TicketId));
    public static IQueryable<LearnerProfile> Profiles(OpsDbContext db, string id) => db.Profiles.Where(p => p.LearnerId == id);
    public static IQueryable<LearnerInterest> Interests(OpsDbContext db, string id) => db.Interests.Where(i => i.LearnerId == id);
    public static IQueryable<PathStep> PathSteps(OpsDbContext db, string id) => db.PathSteps.Where(s => s.LearnerId == id).OrderBy(s => s.Seq);
    public static IQueryable<LearnerActivity> Activity(OpsDbContext db, string id) =>
        db.LearnerActivity.Where(a => a.LearnerId == id).OrderBy(a => a.Period).ThenBy(a => a.Start);
    public static IQueryable<SegmentMember> SegmentMembers(OpsDbContext db, string id) => db.SegmentMembers.Where(m => m.LearnerId == id);
    public static IQueryable<ExperimentExposure> ExperimentExposures(OpsDbContext db, string id) => db.ExperimentExposures.Where(x => x.LearnerId == id);
    public static IQueryable<ChurnScore> ChurnScores(OpsDbContext db, string id) => db.ChurnScores.Where(s => s.LearnerId == id);
    public static IQueryable<ChurnScorePoint> ChurnScoreHistory(OpsDbContext db, string id) => db.ChurnScoreHistory.Where(s => s.LearnerId == id);
    public static IQueryable<ChurnAlert> ChurnAlerts(OpsDbContext db, string id) => db.ChurnAlerts.Where(a => a.LearnerId == id);
    public static IQueryable<RecommendationImpression> Impressions(OpsDbContext db, string id) => db.RecommendationImpressions.Where(i => i.LearnerId == id);
    /// <summary>Feedback names no learner, but its recommendation id leads back to the learner's impressions.</summary>
    public static IQueryable<RecommendationFeedback> Feedback(OpsDbContext db, string id) =>
        db.RecommendationFeedback.Where(f => Impressions(db, id).Select(i => i.RecommendationId).Contains(f.RecommendationId));
    /// <summary>Rejected records sent about the learner: the record's id is theirs, or the raw payload names them.</summary>
    public static IQueryable<QuarantinedRecord> Quarantine(OpsDbContext db, string id)
    {
        var quoted = $"\"{id}\"";
        return db.Quarantine.Where(q => q.RecordId == id || (q.Payload != null && q.Payload.Contains(quoted)));
    }
    public static IQueryable<AuditEntry> Audit(OpsDbContext db, string id) => db.AuditLog.Where(a => a.Target == id);
}
