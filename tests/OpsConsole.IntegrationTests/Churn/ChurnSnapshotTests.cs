using Microsoft.EntityFrameworkCore;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;
using OpsConsole.Retention.Churn;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Churn;

/// <summary>Point-in-time features and labels of hand-made learners, in Shanghai time, on both providers.</summary>
public sealed class ChurnSnapshotTests
{
    private static readonly DateOnly AsOf = new(2026, 5, 1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// "a": a learner whose activity fell from 13 actions to 6 in three weeks, who bought twice (once at a discount),
    /// refunded, cancelled a membership that ends on 5 May and has tickets open; "b" left in January; "c" holds an annual
    /// membership without using it; "d" comes back after the date; "e" does not.
    /// </summary>
    private static async Task<ChurnWorld> WorldAsync(TestDatabase database)
    {
        var w = new ChurnWorld(database);
        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            db.Learners.Add(new Learner { Id = "a", SignupAt = w.Local(3, 1), Channel = "ads", Device = "ios" });
            await db.SaveChangesAsync(Ct);
        }
        var events = new List<BehaviorEvent> { w.Event("a", EventType.Signup, w.Local(3, 1)) };
        for (var day = 20; day <= 24; day++)
        {
            events.Add(w.Event("a", EventType.View, w.Local(3, day), "c1"));
            events.Add(w.Event("a", EventType.View, w.Local(3, day, 11), "c2"));
        }
        events.AddRange(
        [
            w.Event("a", EventType.Purchase, w.Local(4, 2), "c1", 80, """{"listPrice":100}"""),
            w.Event("a", EventType.Purchase, w.Local(4, 3), "c2", 50, """{"listPrice":50}"""),
            w.Event("a", EventType.MembershipStart, w.Local(4, 5), null, 39, """{"plan":"monthly"}"""),
            w.Event("a", EventType.Refund, w.Local(4, 20), "c2", 50, """{"orderId":"x"}"""),
            w.Event("a", EventType.View, w.Local(4, 25), "c1"),
            w.Event("a", EventType.LessonProgress, w.Local(4, 25, 11), "c1", properties: """{"lesson":2,"progress":40}"""),
            w.Event("a", EventType.Search, w.Local(4, 25, 12)),
            w.Event("a", EventType.RecommendationImpression, w.Local(4, 26)),
            w.Event("a", EventType.MembershipCancel, w.Local(4, 28), properties: """{"plan":"monthly"}"""),
            // Early on 30 April in Shanghai, still 29 April in UTC: a platform day of its own.
            w.Event("a", EventType.View, w.Local(4, 30, 6), "c1"),
            // 1 May in Shanghai: after the as-of instant, though still 30 April in UTC.
            w.Event("a", EventType.View, w.Local(5, 1, 7), "c1"),
            w.Event("b", EventType.Signup, w.Local(1, 2)),
            w.Event("b", EventType.View, w.Local(1, 5), "c1"),
            w.Event("c", EventType.MembershipStart, w.Local(1, 10), null, 299, """{"plan":"annual"}"""),
            w.Event("d", EventType.View, w.Local(4, 28), "c1"),
            w.Event("d", EventType.View, w.Local(5, 20), "c1"),
            w.Event("e", EventType.View, w.Local(4, 28), "c1"),
        ]);
        await w.AppendAsync([.. events]);

        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            db.Tickets.AddRange(
                Ticket("a", w.Local(4, 10), sentiment: -0.6),
                Ticket("a", w.Local(4, 30, 20), sentiment: 0.1),
                Ticket("a", w.Local(3, 25), resolved: w.Local(3, 26), csat: 2, ratedAt: w.Local(3, 27)),
                // Resolved only after the date: still open then.
                Ticket("a", w.Local(4, 15), resolved: w.Local(5, 2), sentiment: 0),
                Ticket("a", w.Local(5, 3), sentiment: -0.9));
            await db.SaveChangesAsync(Ct);
        }
        return w;
    }

    private static Ticket Ticket(string learner, DateTime created, DateTime? resolved = null, double? sentiment = null, int? csat = null, DateTime? ratedAt = null) => new()
    {
        LearnerId = learner,
        Subject = "Question about my invoice",
        Body = "Where can I find the invoice for my order?",
        CreatedAt = created,
        UpdatedAt = created,
        ResolvedAt = resolved,
        Status = resolved is null ? TicketStatus.Assigned : TicketStatus.Resolved,
        Sentiment = sentiment,
        CsatRating = csat,
        CsatRatedAt = ratedAt,
    };

    [Theory]
    [DatabaseProviders]
    public async Task BuildAsync_HandMadeLearner_EachFeatureCountsOnlyWhatHappenedBeforeTheDate(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var w = await WorldAsync(database);

        var rows = await w.Builder().BuildAsync(AsOf, Ct);

        var a = rows.Single(r => r.LearnerId == "a");
        Assert.Equal(AsOf, a.AsOf);
        Assert.Equal(60, a.TenureDays);
        Assert.Equal(1, a.DaysSinceActive);
        // Local days 25, 28 and 30 April; the impression on the 26th is not the learner's doing.
        Assert.Equal(3, a.ActiveDays7);
        Assert.Equal(7, a.ActiveDays30);
        Assert.Equal(13, a.ActiveDays90);
        // From 10 April: the refund, three actions on the 25th, the cancellation and the view on the 30th. Before: 10 views,
        // two purchases and the membership.
        Assert.Equal(6, a.ActionsLast3Weeks);
        Assert.Equal(13, a.ActionsPrevious3Weeks);
        Assert.Equal(-7 / 13.0, a.ActivityTrend, 4);
        Assert.Equal(1, a.Lessons30);
        Assert.Equal(1, a.CoursesStarted);
        Assert.Equal(0.4, a.LessonCompletion, 6);
        Assert.Equal(1, a.Searches30);
        Assert.Equal(2, a.Orders);
        Assert.Equal(2, a.Orders90);
        Assert.Equal(0.5, a.DiscountShare);
        Assert.Equal(80 + 50 + 39 - 50, a.NetSpend);
        Assert.Equal(1, a.Refunds);
        Assert.Equal(1, a.Refunds45);
        Assert.Equal(10, a.DaysSinceRefund);
        Assert.Equal(MembershipStates.Cancelling, a.Membership);
        Assert.Equal(4, a.MembershipDaysLeft);
        Assert.True(double.IsNaN(a.DaysSinceLapse));
        Assert.Equal(3, a.OpenTickets);
        Assert.Equal(2, a.StaleTickets);
        Assert.Equal(4, a.Tickets90);
        Assert.Equal(1, a.NegativeTickets90);
        Assert.Equal(2, a.CsatMean);
        Assert.Equal("ads", a.Channel);
        Assert.Equal("ios", a.Device);
        Assert.DoesNotContain(rows, r => r.LearnerId == "b");
        var c = rows.Single(r => r.LearnerId == "c");
        Assert.Equal(MembershipStates.Active, c.Membership);
        Assert.Equal(111, c.DaysSinceActive);
    }

    [Theory]
    [DatabaseProviders]
    public async Task BuildLabelledAsync_HandMadeLearners_LabelsFollowTheChurnDefinition(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var w = await WorldAsync(database);

        var rows = await w.Builder().BuildLabelledAsync([AsOf], Ct);

        var churned = rows.ToDictionary(r => r.Features.LearnerId, r => r.Churned);
        // a's cancelled membership ends on 5 May without a renewal; c's annual membership runs on; d comes back; e does not.
        Assert.Equal(new Dictionary<string, bool> { ["a"] = true, ["c"] = false, ["d"] = false, ["e"] = true }, churned);
        var features = await w.Builder().BuildAsync(AsOf, Ct);
        Assert.Equal(features, rows.Select(r => r.Features));
    }

    [Theory]
    [DatabaseProviders]
    public async Task BuildLabelledAsync_MembershipRenewedWithinGrace_IsNotChurn(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var w = new ChurnWorld(database);
        await w.AppendAsync(
            w.Event("m", EventType.MembershipStart, w.Local(4, 10), null, 39, """{"plan":"monthly"}"""),
            w.Event("m", EventType.View, w.Local(4, 28)),
            // The charge at the end of the period failed; the retry three days later went through.
            w.Event("m", EventType.MembershipRenew, w.Local(5, 13), null, 39, """{"plan":"monthly"}"""),
            w.Event("n", EventType.MembershipStart, w.Local(4, 10), null, 39, """{"plan":"monthly"}"""),
            w.Event("n", EventType.View, w.Local(4, 28)),
            // Too late: more than seven days after the membership ran out on 10 May.
            w.Event("n", EventType.MembershipRenew, w.Local(5, 19), null, 39, """{"plan":"monthly"}"""));

        var rows = await w.Builder().BuildLabelledAsync([AsOf], Ct);

        Assert.False(rows.Single(r => r.Features.LearnerId == "m").Churned);
        Assert.True(rows.Single(r => r.Features.LearnerId == "n").Churned);
    }
}
