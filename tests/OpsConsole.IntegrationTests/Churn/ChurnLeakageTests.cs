using Microsoft.EntityFrameworkCore;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Demo;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Retention.Churn;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Churn;

/// <summary>
/// A snapshot is what was known at its date: nothing that happens at or after the date — events of any kind, orders,
/// refunds, tickets opened or resolved, memberships begun, renewed or cancelled — may change any of its features.
/// </summary>
public sealed class ChurnLeakageTests
{
    private static readonly DemoRequest Request = new(300, 75, 7, new DateOnly(2026, 6, 30));
    private static readonly DateOnly AsOf = new(2026, 6, 1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseProviders]
    public async Task BuildAsync_EverythingAtOrAfterTheDateChanges_NoFeatureChanges(DatabaseProvider provider)
    {
        var (database, _) = await DemoData.GenerateAsync(Request, provider);
        await using var owned = database;
        var w = new ChurnWorld(database);
        var builder = w.Builder();
        var before = await builder.BuildAsync(AsOf, Ct);
        var labelledBefore = await builder.BuildLabelledAsync([AsOf], Ct);
        Assert.True(before.Count > 50, $"only {before.Count} learners in the snapshot");
        Assert.Contains(before, f => f.OpenTickets > 0);
        Assert.Contains(before, f => f.Membership == MembershipStates.Active);

        var cut = w.Time.StartOfDayUtc(AsOf);
        await ChangeEverythingFromAsync(w, cut, before.Select(f => f.LearnerId).Take(60).ToArray());

        var after = await builder.BuildAsync(AsOf, Ct);
        var labelledAfter = await builder.BuildLabelledAsync([AsOf], Ct);
        Assert.Equal(before, after);
        Assert.Equal(before, labelledBefore.Select(e => e.Features));
        Assert.Equal(labelledBefore.Select(e => e.Features), labelledAfter.Select(e => e.Features));
        // The labels do look ahead: the changes revive learners who had churned.
        Assert.NotEqual(labelledBefore.Select(e => e.Churned), labelledAfter.Select(e => e.Churned));
    }

    [Theory]
    [DatabaseProviders]
    public async Task BuildAsync_AnEventJustBeforeTheDate_ChangesThatLearnersFeatures(DatabaseProvider provider)
    {
        var (database, _) = await DemoData.GenerateAsync(Request, provider);
        await using var owned = database;
        var w = new ChurnWorld(database);
        var before = await w.Builder().BuildAsync(AsOf, Ct);
        var learner = before.First(f => f.DaysSinceActive > 1);

        await w.AppendAsync(w.Event(learner.LearnerId, EventType.Search, w.Time.StartOfDayUtc(AsOf).AddSeconds(-1)));

        var after = await w.Builder().BuildAsync(AsOf, Ct);
        var changed = after.Single(f => f.LearnerId == learner.LearnerId);
        Assert.Equal(1, changed.DaysSinceActive);
        Assert.Equal(learner.Searches30 + 1, changed.Searches30);
        Assert.Equal(before.Where(f => f.LearnerId != learner.LearnerId), after.Where(f => f.LearnerId != learner.LearnerId));
    }

    /// <summary>Events of every type at the cut and after it, new learners, orders, refunds, tickets and memberships.</summary>
    private static async Task ChangeEverythingFromAsync(ChurnWorld w, DateTime cut, string[] learners)
    {
        var events = new List<BehaviorEvent>();
        var types = Enum.GetValues<EventType>();
        for (var i = 0; i < learners.Length; i++)
        {
            var at = cut.AddHours(i % 3 == 0 ? 0 : 7 * i);
            foreach (var type in types)
            {
                events.Add(w.Event(learners[i], type, at.AddMinutes((int)type - 1), type is EventType.LessonProgress or EventType.View ? "c-new" : null,
                    type is EventType.Purchase or EventType.Refund or EventType.MembershipStart or EventType.MembershipRenew ? 45 : null,
                    type switch
                    {
                        EventType.Purchase => """{"listPrice":90,"coupon":"SAVE20"}""",
                        EventType.LessonProgress => """{"lesson":1,"progress":100}""",
                        EventType.MembershipStart or EventType.MembershipRenew or EventType.MembershipCancel => """{"plan":"annual"}""",
                        _ => null,
                    }));
            }
        }
        events.Add(w.Event("newcomer", EventType.Signup, cut.AddDays(1)));
        await w.AppendAsync([.. events]);

        await using var db = await w.Database.Contexts.CreateDbContextAsync(Ct);
        var order = new Order { Id = "late-order", LearnerId = learners[0], Amount = 99, PlacedAt = cut.AddDays(2) };
        db.Orders.Add(order);
        db.Refunds.Add(new Refund { Id = "late-refund", OrderId = order.Id, Amount = 99, RefundedAt = cut.AddDays(3) });
        db.Tickets.Add(new Ticket
        {
            LearnerId = learners[1], Subject = "Terrible, I want my money back", Body = "Worst course ever, refund now!!", CreatedAt = cut,
            UpdatedAt = cut, Status = TicketStatus.New, Sentiment = -0.9,
        });
        foreach (var ticket in await db.Tickets.Where(t => t.CreatedAt < cut && t.ResolvedAt == null).ToListAsync(Ct))
        {
            ticket.ResolvedAt = cut.AddHours(5);
            ticket.ClosedAt = cut.AddDays(4);
            ticket.Status = TicketStatus.Closed;
            ticket.CsatRating = 1;
            ticket.CsatRatedAt = cut.AddHours(6);
        }
        foreach (var membership in await db.Memberships.Where(m => m.StartedAt < cut && m.CancelledAt == null).ToListAsync(Ct))
        {
            membership.ExpiresAt = membership.ExpiresAt.AddMonths(1);
            membership.Renewals++;
            membership.CancelledAt = cut.AddDays(3);
        }
        db.Memberships.Add(new Membership { LearnerId = learners[2], Plan = MembershipPlan.Annual, StartedAt = cut, ExpiresAt = cut.AddYears(1) });
        await db.SaveChangesAsync(Ct);
    }
}
