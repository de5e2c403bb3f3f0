using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Support;

namespace OpsConsole.Demo;

/// <summary>What to generate. <paramref name="EndDate"/> is the last whole day covered, in the platform's zone (UTC+8).</summary>
public sealed record DemoRequest(int Learners, int Days, int Seed, DateOnly EndDate);

/// <summary>A step of generation: which phase and how far along the whole job is (0–100).</summary>
public sealed record DemoProgress(string Phase, double Percent);

public sealed record DemoSummary(
    int CatalogItems, int Learners, int Events, int Orders, int Refunds, int Memberships, int Tickets, TimeSpan Elapsed);

/// <summary>
/// Fills a database with a realistic paid-knowledge platform: catalogue, learners with PII, behaviour events,
/// orders, refunds, memberships and support tickets.
/// <para>
/// DETERMINISTIC: the same (seed, learners, days, end date) writes identical rows. Nothing reads the clock or
/// <see cref="Guid.NewGuid"/>; every learner draws from its own stream of <see cref="DemoRandom"/>, collections are
/// walked in a fixed order, and events are stamped as received at the end of the window.
/// </para>
/// <para>PLANTED STRUCTURE — what later models should find (numbers in <see cref="DemoSimulation"/>):</para>
/// <list type="number">
/// <item><b>Topic preference.</b> Each learner has one or two preferred topics (ai, cloud, data, frontend, backend, rust,
/// security, devops, mobile, career; popular topics are preferred more often). 65–90% of what a learner browses and searches
/// is in those topics; a paid item outside them is bought about ten times less often, refunded three times more often,
/// and rated lower (mostly 4–5 inside, 1–4 outside). So most of a learner's purchases fall in their top topic, and
/// views predict purchases.</item>
/// <item><b>Churn drivers.</b> Every day a learner may start to drift away (base hazard 0.3%/day, plus 1.6%/day in the
/// first two weeks after signup). The hazard is multiplied by:
/// ×5 while a support ticket has waited more than two days unresolved — about a quarter of tickets stall and are never
/// resolved, and 35% of learners with a stalled ticket start leaving within 2–12 days;
/// ×2.6 for price-sensitive learners (about a fifth: they hold campaign coupons, buy almost only at a discount — coupon,
/// sale or new-user price — and refund four times as often);
/// ×3 for 45 days after a refund (15% start leaving within ten days);
/// ×5 for 60 days after a membership lapses because the renewal charge and its retry failed (45% start leaving at once);
/// ×0.5 while a member; lower for very active learners; ×1.3 for learners from ads, ×0.8 from referrals.
/// A drifting learner cancels any membership, their sessions decay over one to three weeks, then they produce no
/// events at all.</item>
/// <item><b>Rhythm.</b> Arrivals grow about 1.9× over the window with weekly seasonality and bumps on four-day sales
/// (about every six weeks); sessions follow local hours (evening peak), Sundays are busiest, Fridays quietest.</item>
/// </list>
/// </summary>
public sealed class DemoPlatformGenerator(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, SlaPolicies? sla = null)
{
    private const int EventBatch = 20_000;
    private const int RowBatch = 5_000;

    /// <summary>The most recent whole day in the platform's zone: a demo never holds events from the future.</summary>
    public static DateOnly DefaultEndDate(TimeProvider clock) =>
        DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime + DemoSimulation.PlatformOffset).AddDays(-1);

    public async Task<bool> HasLearnersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Learners.AnyAsync(cancellationToken);
    }

    private static readonly Guid DemoFirstEventKey = EventKeys.For("demo-1");

    /// <summary>Whether the learners here came from this generator (its first event id is always demo-1).</summary>
    public async Task<bool> HoldsDemoPlatformAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Events.AnyAsync(e => e.EventKey == DemoFirstEventKey, cancellationToken);
    }

    /// <summary>Deletes learners, their PII, events, catalogue, orders, refunds, memberships, tickets and the daily rollups built on them.</summary>
    public async Task WipeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Refunds.ExecuteDeleteAsync(cancellationToken);
        await db.Orders.ExecuteDeleteAsync(cancellationToken);
        await db.Memberships.ExecuteDeleteAsync(cancellationToken);
        await db.TicketMessages.ExecuteDeleteAsync(cancellationToken);
        await db.TicketAssignments.ExecuteDeleteAsync(cancellationToken);
        await db.Tickets.ExecuteDeleteAsync(cancellationToken);
        await db.SupportAgents.ExecuteDeleteAsync(cancellationToken);
        await db.SupportSettings.Where(s => s.Key == DeskSettings.RoutingRulesKey).ExecuteDeleteAsync(cancellationToken);
        await db.Events.ExecuteDeleteAsync(cancellationToken);
        await db.LearnerPii.ExecuteDeleteAsync(cancellationToken);
        await db.Learners.ExecuteDeleteAsync(cancellationToken);
        await db.Catalog.ExecuteDeleteAsync(cancellationToken);
        await db.DailyRollups.ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<DemoSummary> GenerateAsync(DemoRequest request, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (DemoOptions.Validate(request.Learners, request.Days) is { } problem)
        {
            throw new ArgumentException($"Cannot generate the demo platform: {problem}.", nameof(request));
        }
        var stopwatch = Stopwatch.StartNew();
        progress?.Report(new DemoProgress("Catalogue", 0));
        var simulation = new DemoSimulation(request.Learners, request.Days, request.Seed, request.EndDate);
        await InsertAsync(simulation.Items.Select(i => i.Row), cancellationToken);

        progress?.Report(new DemoProgress("Learners", 2));
        // Full learner rows go in before their events, so the event store finds them instead of creating bare ones.
        await InsertAsync(simulation.Learners.Select(l => l.Row), cancellationToken);

        var store = new EventStore(contexts, database, new FixedClock(simulation.WindowEnd));
        var events = 0;
        Task<AppendResult>? writing = null;
        for (var day = 0; day < request.Days; day++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            simulation.SimulateDay(day);
            if (simulation.PendingEvents >= EventBatch || day == request.Days - 1)
            {
                var batch = simulation.TakeEvents(day);
                if (writing is not null)
                {
                    events += (await writing).Inserted;
                }
                // Writing one batch while simulating the next keeps both cores busy; batches still land in order.
                writing = Task.Run(() => store.AppendAsync(batch, cancellationToken), cancellationToken);
            }
            progress?.Report(new DemoProgress("Events", 8 + 82.0 * (day + 1) / request.Days));
        }
        if (writing is not null)
        {
            events += (await writing).Inserted;
        }

        progress?.Report(new DemoProgress("Orders", 90));
        await InsertAsync(simulation.Orders, cancellationToken);
        await InsertAsync(simulation.Refunds, cancellationToken);
        progress?.Report(new DemoProgress("Memberships", 94));
        await InsertAsync(simulation.Memberships, cancellationToken);
        await UpdateTiersAsync(simulation, cancellationToken);
        progress?.Report(new DemoProgress("Tickets", 97));
        // Due times as the desk stores them on intake, under the SLA policies in force (the defaults where the desk is not set up).
        var slaClock = sla is null ? new SlaOptions().CreateClock(DemoSimulation.PlatformZone) : await sla.ClockAsync(cancellationToken);
        foreach (var ticket in simulation.Tickets)
        {
            slaClock.SetDueDates(ticket);
        }
        await InsertAsync(simulation.Tickets, cancellationToken);
        await SeedDeskAsync(simulation, request.Seed, cancellationToken);
        progress?.Report(new DemoProgress("Done", 100));

        return new DemoSummary(simulation.Items.Count, simulation.Learners.Count, events, simulation.Orders.Count,
            simulation.Refunds.Count, simulation.MembershipCount, simulation.TicketCount, stopwatch.Elapsed);
    }

    private async Task InsertAsync<T>(IEnumerable<T> rows, CancellationToken cancellationToken) where T : class
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var chunk in rows.Chunk(RowBatch))
            {
                db.Set<T>().AddRange(chunk);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    /// <summary>The support team, who answered what, the conversations and ratings; needs the tickets' ids, so runs after they went in.</summary>
    private async Task SeedDeskAsync(DemoSimulation simulation, int seed, CancellationToken cancellationToken)
    {
        var agents = DemoSupportDesk.Agents(simulation.WindowEnd);
        var tickets = simulation.Tickets.ToList();
        var names = simulation.Learners.Where(l => l.Pii.Name is not null).ToDictionary(l => l.Id, l => l.Pii.Name!);
        var (messages, assignments) = DemoSupportDesk.History(tickets, agents, names, seed);
        await InsertAsync(agents, cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.Tickets.UpdateRange(tickets.Where(t => t.AssigneeId is not null));
            db.SupportSettings.Add(new SupportSetting { Key = DeskSettings.RoutingRulesKey, Value = DemoSupportDesk.Rules.ToJson(), UpdatedAt = simulation.WindowEnd, UpdatedBy = "demo" });
            await db.SaveChangesAsync(cancellationToken);
        }
        await InsertAsync(assignments, cancellationToken);
        await InsertAsync(messages, cancellationToken);
    }

    /// <summary>Tiers are known only once memberships have played out, after the rows went in.</summary>
    private async Task UpdateTiersAsync(DemoSimulation simulation, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var tier in new[] { MembershipTier.Monthly, MembershipTier.Annual })
        {
            var ids = simulation.Learners.Where(l => simulation.FinalTier(l) == tier).Select(l => l.Id).ToList();
            foreach (var chunk in ids.Chunk(500))
            {
                await db.Learners.Where(l => chunk.Contains(l.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.Tier, tier).SetProperty(l => l.UpdatedAt, simulation.WindowEnd), cancellationToken);
            }
        }
    }

    private sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }
}
