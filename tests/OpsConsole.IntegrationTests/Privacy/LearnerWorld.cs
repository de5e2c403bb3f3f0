using OpsConsole.Analytics;
using OpsConsole.Catalog;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Privacy;
using OpsConsole.Profiles;
using OpsConsole.Recommendations;
using OpsConsole.Retention;
using OpsConsole.Segments;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Privacy;

/// <summary>A learner's personal data as seeded: values distinctive enough that finding them anywhere means a leak.</summary>
public sealed record SeededLearner(string Id, string Name, string Email, string Phone);

/// <summary>
/// Learners with a row in every table that can name a learner: personal data, events, orders and refunds, a
/// membership, a ticket with messages and an assignment, profile, interests, path steps and activity periods, a segment, an experiment exposure,
/// churn scores, history and an alert, recommendation impressions with feedback, a quarantined record and audit entries.
/// </summary>
public static class LearnerWorld
{
    public static readonly SeededLearner Erased = new("u-erase", "Zhao Quixotic", "zhao.quixotic@example.test", "+86 139 0000 4242");
    public static readonly SeededLearner Kept = new("u-keep", "Qian Steadfast", "qian.steadfast@example.test", "+86 139 0000 7777");

    public static async Task SeedAsync(OpsDbContext db, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        db.Catalog.Add(new CatalogItem { Id = "c-1", Title = "Kubernetes in practice", Topic = "cloud", Price = 99m, UpdatedAt = now });
        var segment = new Segment { Name = "Everyone", Kind = SegmentKind.Static, Members = 2, CreatedAt = now, UpdatedAt = now };
        db.Segments.Add(segment);
        var experiment = new Experiment
        {
            Key = "renewal-nudge", Name = "Renewal nudge", Seed = "s", Status = ExperimentStatus.Running, CreatedAt = now, UpdatedAt = now,
            Variants = [new ExperimentVariant { Key = "control", Name = "Control", Weight = 50, IsControl = true }, new ExperimentVariant { Key = "nudge", Name = "Nudge", Weight = 50, Position = 1 }],
        };
        db.Experiments.Add(experiment);
        db.SupportAgents.Add(new SupportAgent { Id = "agent@example.test", Name = "Agent Smith", StatusChangedAt = now });
        await db.SaveChangesAsync(ct);

        var n = 0;
        foreach (var learner in new[] { Erased, Kept })
        {
            n++;
            var id = learner.Id;
            db.Learners.Add(new Learner { Id = id, SignupAt = now.AddDays(-90), Channel = "organic", Region = "CN-SH", CreatedAt = now, UpdatedAt = now });
            db.LearnerPii.Add(new LearnerPii { LearnerId = id, Name = learner.Name, Email = learner.Email, Phone = learner.Phone });
            db.Events.AddRange(
                new BehaviorEvent { EventId = $"ev-{n}-1", LearnerId = id, Type = EventType.View, ItemId = "c-1", OccurredAt = now.AddDays(-3), ReceivedAt = now },
                new BehaviorEvent { EventId = $"ev-{n}-2", LearnerId = id, Type = EventType.Purchase, ItemId = "c-1", Amount = 99m, Currency = "CNY", OccurredAt = now.AddDays(-2), ReceivedAt = now });
            db.Orders.Add(new Order { Id = $"ev-{n}-2", LearnerId = id, ItemId = "c-1", Amount = 99m, PlacedAt = now.AddDays(-2), Refunds = [new Refund { Id = $"rf-{n}", OrderId = $"ev-{n}-2", Amount = 10m, RefundedAt = now.AddDays(-1), Reason = "partial" }] });
            db.Memberships.Add(new Membership { LearnerId = id, Plan = MembershipPlan.Monthly, StartedAt = now.AddDays(-20), ExpiresAt = now.AddDays(10), Renewals = 1 });
            var ticket = new Ticket
            {
                LearnerId = id, Subject = $"Refund for {learner.Name}", Body = $"Please write to {learner.Email} or call {learner.Phone}.",
                Entities = $$"""[{"kind":"email","text":"{{learner.Email}}"}]""", CsatComment = $"Thanks, {learner.Name}", IntentConfirmed = true,
                Intent = "refund", CreatedAt = now, UpdatedAt = now, AssigneeId = "agent@example.test", Status = TicketStatus.Assigned,
            };
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync(ct);
            db.TicketMessages.AddRange(
                new TicketMessage { TicketId = ticket.Id, Kind = MessageKind.Learner, AuthorId = id, AuthorName = learner.Name, Body = $"It's {learner.Name}, {learner.Email}", CreatedAt = now },
                new TicketMessage { TicketId = ticket.Id, Kind = MessageKind.Agent, AuthorId = "agent@example.test", AuthorName = "Agent Smith", Body = $"Hi {learner.Name}, done.", CreatedAt = now });
            db.TicketAssignments.Add(new TicketAssignment { TicketId = ticket.Id, AgentId = "agent@example.test", AssignedAt = now, Trigger = "new", Reason = "skills match" });
            db.Profiles.Add(new LearnerProfile { LearnerId = id, ComputedAt = now, Events = 2, Orders = 1, OrderSpend = 99m, TopInterests = "cloud" });
            db.Interests.Add(new LearnerInterest { LearnerId = id, Tag = "cloud", Weight = 1 });
            db.PathSteps.Add(new PathStep { LearnerId = id, Seq = n, At = now.AddDays(-3), Type = EventType.View });
            db.LearnerActivity.Add(new LearnerActivity { LearnerId = id, Period = CalendarPeriod.Day, Start = DateOnly.FromDateTime(now.AddDays(-3)), Types = LearnerActivity.Bit(EventType.View) });
            db.SegmentMembers.Add(new SegmentMember { SegmentId = segment.Id, LearnerId = id });
            db.ExperimentExposures.Add(new ExperimentExposure { ExperimentId = experiment.Id, LearnerId = id, VariantKey = "nudge", ExposedAt = now });
            db.ChurnScores.Add(new ChurnScore { LearnerId = id, Risk = 0.8, ScoredAt = now });
            db.ChurnScoreHistory.Add(new ChurnScorePoint { LearnerId = id, Day = DateOnly.FromDateTime(now), Risk = 0.8, ScoredAt = now });
            db.ChurnAlerts.Add(new ChurnAlert { LearnerId = id, RaisedAt = now, Risk = 0.8, Threshold = 0.7, UpdatedAt = now });
            db.RecommendationImpressions.Add(new RecommendationImpression { RecommendationId = $"rec-{n}", LearnerId = id, ItemId = "c-1", Position = 1, ModelId = 1, ServedAt = now });
            db.RecommendationFeedback.Add(new RecommendationFeedback { RecommendationId = $"rec-{n}", ItemId = "c-1", Kind = FeedbackKind.Click, OccurredAt = now, ModelId = 1, Position = 1 });
            db.Quarantine.Add(new QuarantinedRecord
            {
                ReceivedAt = now, Kind = "learner", Source = "api", RecordId = id, Field = "phone", Reason = "is not a phone number",
                Payload = $$"""{"id":"{{id}}","email":"{{learner.Email}}","phone":"oops"}""",
            });
            db.AuditLog.AddRange(
                new AuditEntry { At = now, Actor = "agent@example.test", Action = AuditActions.PiiReveal, Target = id, Detail = "name, email, phone" },
                new AuditEntry { At = now, Actor = "ops@example.test", Action = AuditActions.Export, Target = "/learners/export.csv", Detail = $"q={learner.Email}" });
            await db.SaveChangesAsync(ct);
        }
    }
}
