using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>
/// Applies the pure <see cref="Router"/> to the stored desk: reads agents and queues, stores what it decides with why,
/// and pushes the assignments. One routing at a time per instance (new tickets that queue up meanwhile are routed together,
/// see <see cref="RouteNewAsync"/>), so two tickets never both take an agent's last slot;
/// across instances the periodic sweep evens out what a race let through.
/// </summary>
public sealed class DeskRouter(
    IDbContextFactory<OpsDbContext> contexts,
    DeskSettings settings,
    IOptions<RoutingOptions> options,
    ISupportNotifier notifier,
    TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<PendingRoute> _pending = [];

    /// <summary>Routes a stored new ticket; it ends up assigned or waiting in the skill queue. The ticket row is updated in place.</summary>
    /// <remarks>
    /// New tickets that arrive while a routing holds the gate are routed together by whichever of them gets the gate
    /// next: one read of the agents, one commit for all of them. Under load the reads and the commit wait for the
    /// database far longer than the routing itself takes, so a gate that took tickets one by one let fewer through a
    /// second the busier the database was; routing them together keeps up with any arrival rate the database can store.
    /// </remarks>
    public async Task<RoutingDecision> RouteNewAsync(Ticket ticket, TicketFacts facts, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var mine = new PendingRoute(ticket, facts);
        lock (_pending)
        {
            _pending.Add(mine);
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            List<PendingRoute> batch;
            lock (_pending)
            {
                batch = [.. _pending];
                _pending.Clear();
            }
            if (batch.Count > 0)
            {
                await RouteTogetherAsync(batch);
            }
        }
        finally
        {
            _gate.Release();
        }
        var decision = await mine.Decision.Task;
        DeskMetrics.RoutingDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            new KeyValuePair<string, object?>("outcome", decision.Assignment is null ? "queued" : "assigned"));
        if (decision.Assignment is { } done)
        {
            await notifier.TicketAssignedAsync(TicketSummary.Of(ticket), done.AgentId, done.Reason.Text, cancellationToken);
        }
        await notifier.DeskChangedAsync(cancellationToken);
        return decision;
    }

    private sealed record PendingRoute(Ticket Ticket, TicketFacts Facts)
    {
        public TaskCompletionSource<RoutingDecision> Decision { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Routes the tickets in arrival order, each seeing the slots the ones before it took, and stores every decision in
    /// one commit. Not cancelled by any one caller: the batch holds other people's tickets too.
    /// </summary>
    private async Task RouteTogetherAsync(List<PendingRoute> batch)
    {
        try
        {
            var rules = await settings.RoutingRulesAsync(CancellationToken.None);
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            var now = clock.GetUtcNow().UtcDateTime;
            var agents = (await AgentLoads.LoadAsync(db, CancellationToken.None)).Select(a => a.ToState()).ToList();
            var ids = batch.Select(p => p.Ticket.Id).ToList();
            var rows = await db.Tickets.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, CancellationToken.None);
            // The whole batch in one commit: every commit takes the database's write lock (on SQLite a WAL sync too),
            // held here inside the routing gate that every other new ticket waits at.
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var decisions = new List<RoutingDecision>(batch.Count);
            foreach (var pending in batch)
            {
                var decision = Router.Route(pending.Facts, agents, rules.Rules, now);
                var row = rows[pending.Ticket.Id];
                row.Priority = decision.Priority;
                row.Tags = TicketTags.Join(decision.Tags);
                row.RoutingRule = decision.Rule?.Name;
                row.RouteTag = decision.Needs.Tag;
                row.UpdatedAt = now;
                if (decision.Assignment is { } assignment)
                {
                    await AssignAsync(db, row, assignment, "new-ticket", CancellationToken.None);
                    var index = agents.FindIndex(a => a.Id == assignment.AgentId);
                    agents[index] = agents[index] with { OpenTickets = agents[index].OpenTickets + 1, LastAssignedAt = now };
                }
                else
                {
                    row.Status = TicketStatus.New;
                    row.Queue = TicketQueue.Skill;
                    row.WaitingSince = now;
                }
                db.TicketMessages.Add(SystemMessage(row.Id, decision.Reason.Text, now));
                decisions.Add(decision);
            }
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                Copy(rows[batch[i].Ticket.Id], batch[i].Ticket);
                batch[i].Decision.TrySetResult(decisions[i]);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Decision.TrySetException(e);
            }
        }
    }

    /// <summary>Puts an unassigned ticket in the triage queue: the model was not sure what it is about.</summary>
    public async Task SendToTriageAsync(Ticket ticket, string why, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.Tickets.FirstAsync(t => t.Id == ticket.Id, cancellationToken);
        row.Status = TicketStatus.New;
        row.Queue = TicketQueue.Triage;
        row.WaitingSince = now;
        row.UpdatedAt = now;
        db.TicketMessages.Add(SystemMessage(row.Id, why, now));
        await db.SaveChangesAsync(cancellationToken);
        Copy(row, ticket);
        await notifier.DeskChangedAsync(cancellationToken);
    }

    /// <summary>
    /// Moves skill-queue tickets that waited past the fallback to the general queue, then gives waiting tickets to
    /// agents who can take them, oldest first. Returns the number assigned. Run periodically and whenever agents
    /// come online or free a slot.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        List<(Assignment Assignment, Ticket Ticket)> made = [];
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var rows = await db.Tickets.Where(t => t.AssigneeId == null && t.Status == TicketStatus.New
                    && (t.Queue == TicketQueue.Skill || t.Queue == TicketQueue.General))
                .OrderBy(t => t.WaitingSince).Take(2000).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                return 0;
            }
            var waiting = rows.Select(Waiting).ToList();
            foreach (var moved in Router.DueForGeneralQueue(waiting, now, options.Value.FallbackAfter))
            {
                var row = rows.First(r => r.Id == moved.TicketId);
                row.Queue = TicketQueue.General;
                row.UpdatedAt = now;
                db.TicketMessages.Add(SystemMessage(row.Id,
                    $"No agent with the skills ({moved.Needs}) took it within {options.Value.FallbackAfterMinutes} minutes: moved to the general queue", now));
                waiting[waiting.FindIndex(w => w.TicketId == moved.TicketId)] = moved;
            }
            var agents = (await AgentLoads.LoadAsync(db, cancellationToken)).Select(a => a.ToState()).ToList();
            // One commit for the sweep, not one per assignment: see RouteNewAsync.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var assignment in Router.Dispatch(waiting, agents, now))
            {
                var row = rows.First(r => r.Id == assignment.TicketId);
                await AssignAsync(db, row, assignment, "dispatch", cancellationToken);
                db.TicketMessages.Add(SystemMessage(row.Id, assignment.Reason.Text, now));
                made.Add((assignment, row));
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
        foreach (var (assignment, ticket) in made)
        {
            await notifier.TicketAssignedAsync(TicketSummary.Of(ticket), assignment.AgentId, assignment.Reason.Text, cancellationToken);
        }
        await notifier.DeskChangedAsync(cancellationToken);
        return made.Count;
    }

    /// <summary>
    /// A person moves a ticket: to an agent (any status, capacity or skill: people may overrule the router) or back to
    /// the queue (agentId null), where it is routed again.
    /// </summary>
    public async Task ReassignAsync(long ticketId, string? agentId, Actor by, CancellationToken cancellationToken)
    {
        string? previous;
        Ticket snapshot;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var row = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken) ?? throw new TicketNotFoundException(ticketId);
            if (!row.IsOpen)
            {
                throw new TicketStateException($"Ticket {ticketId} is {row.Status.ToString().ToLowerInvariant()}; reopen it before reassigning.");
            }
            previous = row.AssigneeId;
            if (agentId is null)
            {
                await EndCurrentAsync(db, row, now, cancellationToken);
                row.AssigneeId = null;
                row.Status = TicketStatus.New;
                row.Queue = row.Intent is null ? TicketQueue.Triage : TicketQueue.Skill;
                row.WaitingSince = now;
                row.UpdatedAt = now;
                db.TicketMessages.Add(SystemMessage(row.Id, $"{by.Name} put the ticket back in the {row.Queue.ToString()!.ToLowerInvariant()} queue", now));
            }
            else
            {
                var agent = await db.SupportAgents.FirstOrDefaultAsync(a => a.Id == agentId && a.Active, cancellationToken)
                    ?? throw new TicketRequestException("agentId", $"There is no active agent '{agentId}'.");
                var reason = $"Assigned by {by.Name}";
                await EndCurrentAsync(db, row, now, cancellationToken);
                row.AssigneeId = agent.Id;
                row.Status = row.Status == TicketStatus.Pending ? TicketStatus.Pending : TicketStatus.Assigned;
                row.Queue = null;
                row.WaitingSince = null;
                row.UpdatedAt = now;
                agent.LastAssignedAt = now;
                db.TicketAssignments.Add(new TicketAssignment { TicketId = row.Id, AgentId = agent.Id, AssignedAt = now, Trigger = "manual", Reason = reason });
                db.TicketMessages.Add(SystemMessage(row.Id, $"{reason} to {agent.Name}", now));
            }
            await db.SaveChangesAsync(cancellationToken);
            snapshot = row;
        }
        finally
        {
            _gate.Release();
        }
        var text = agentId is null ? $"Back in the queue ({by.Name})" : $"Assigned to {agentId} by {by.Name}";
        if (agentId is not null)
        {
            await notifier.TicketAssignedAsync(TicketSummary.Of(snapshot), agentId, text, cancellationToken);
        }
        await notifier.TicketChangedAsync(new TicketChange(ticketId, TicketChangeKind.Assigned, text, agentId, snapshot.UpdatedAt, previous), cancellationToken);
        await notifier.DeskChangedAsync(cancellationToken);
        if (agentId is null || previous is not null)
        {
            await SweepAsync(cancellationToken);
        }
    }

    private static WaitingTicket Waiting(Ticket t) => new(t.Id, new SkillNeeds(t.Intent, t.Language, t.RouteTag),
        t.WaitingSince ?? t.CreatedAt, t.Queue ?? TicketQueue.Skill, t.RoutingRule);

    private static async Task AssignAsync(OpsDbContext db, Ticket row, Assignment assignment, string trigger, CancellationToken cancellationToken)
    {
        row.AssigneeId = assignment.AgentId;
        row.Status = TicketStatus.Assigned;
        row.Queue = null;
        row.WaitingSince = null;
        row.UpdatedAt = assignment.AssignedAt;
        db.TicketAssignments.Add(new TicketAssignment
        {
            TicketId = row.Id,
            AgentId = assignment.AgentId,
            AssignedAt = assignment.AssignedAt,
            Trigger = trigger,
            RuleName = assignment.Reason.RuleName,
            Reason = TicketText.Shorten(assignment.Reason.Text, TicketAssignment.ReasonMaxLength),
            Details = TicketText.Shorten(JsonSerializer.Serialize(new
            {
                queue = assignment.Reason.Queue.ToString(),
                needs = assignment.Reason.Needs,
                agent = assignment.Reason.Agent,
                pool = assignment.Reason.Pool,
                waitedSeconds = assignment.Reason.TicketWaited?.TotalSeconds,
            }, Json), 4000),
        });
        await db.SupportAgents.Where(a => a.Id == assignment.AgentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAssignedAt, assignment.AssignedAt), cancellationToken);
    }

    private static async Task EndCurrentAsync(OpsDbContext db, Ticket row, DateTime now, CancellationToken cancellationToken)
    {
        if (row.AssigneeId is null)
        {
            return;
        }
        var current = await db.TicketAssignments.Where(a => a.TicketId == row.Id && a.EndedAt == null)
            .OrderByDescending(a => a.AssignedAt).FirstOrDefaultAsync(cancellationToken);
        current?.EndedAt = now;
    }

    internal static TicketMessage SystemMessage(long ticketId, string text, DateTime at) =>
        new() { TicketId = ticketId, Kind = MessageKind.System, AuthorName = "OpsConsole", Body = TicketText.Shorten(text, TicketMessage.BodyMaxLength), CreatedAt = at };

    private static void Copy(Ticket from, Ticket to)
    {
        to.Status = from.Status;
        to.Priority = from.Priority;
        to.Tags = from.Tags;
        to.AssigneeId = from.AssigneeId;
        to.Queue = from.Queue;
        to.WaitingSince = from.WaitingSince;
        to.RouteTag = from.RouteTag;
        to.RoutingRule = from.RoutingRule;
        to.UpdatedAt = from.UpdatedAt;
    }
}

public static class TicketTags
{
    public const int MaxTagLength = 32;

    public static string Join(IEnumerable<string> tags) =>
        string.Join(' ', tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct());
}
