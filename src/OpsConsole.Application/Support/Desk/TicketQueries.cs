using Microsoft.EntityFrameworkCore;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Profiles;

namespace OpsConsole.Support;

/// <summary>The desk's standard views, as Zendesk's default views: each is a filter over the open or all tickets.</summary>
public enum TicketView
{
    /// <summary>Open tickets held by the signed-in agent.</summary>
    Mine,
    /// <summary>Waiting in the skill or general queue.</summary>
    Unassigned,
    /// <summary>Waiting for a person to read them: the model was not sure.</summary>
    Triage,
    /// <summary>Answered automatically and waiting for the learner.</summary>
    Automated,
    /// <summary>Every ticket not resolved or closed.</summary>
    Open,
    Resolved,
    All,
}

public enum TicketSort
{
    Updated,
    Created,
    Priority,
    /// <summary>The next SLA target due: first response while unanswered, then resolution.</summary>
    Due,
}

public sealed record TicketQuery(
    TicketView View = TicketView.Open,
    string? AgentId = null,
    string? Search = null,
    TicketStatus? Status = null,
    TicketPriority? Priority = null,
    string? Intent = null,
    string? Language = null,
    string? LearnerId = null,
    TicketSort Sort = TicketSort.Updated,
    bool Descending = true,
    int Page = 0,
    int PageSize = 25);

public sealed record TicketPage(IReadOnlyList<TicketSummary> Items, int Total);

/// <summary>How the desk stands now: the figures supervisors watch live.</summary>
public sealed record DeskSnapshot(int Triage, int SkillQueue, int GeneralQueue, int Open, int Breached, DateTime? OldestWaitingSince, IReadOnlyList<AgentLoad> Agents);

/// <summary>A ticket with its conversation, its history of assignments and what the console knows of the learner.</summary>
public sealed record TicketDetails(
    Ticket Ticket,
    IReadOnlyList<TicketMessage> Messages,
    IReadOnlyList<TicketAssignment> Assignments,
    LearnerContext Learner,
    SupportAgent? Assignee);

public sealed record LearnerContext(
    string LearnerId,
    string? Name,
    string? Email,
    LearnerProfile? Profile,
    IReadOnlyList<Order> RecentOrders,
    IReadOnlyList<Membership> Memberships,
    IReadOnlyList<TicketSummary> RecentTickets);

public sealed class TicketQueries(IDbContextFactory<OpsDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public async Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken = default)
    {
        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw new TicketRequestException("pageSize", $"pageSize must be 1 to {MaxPageSize}; got {query.PageSize}.");
        }
        if (query.Page < 0)
        {
            throw new TicketRequestException("page", $"page counts from 0; got {query.Page}.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tickets = Filter(db.Tickets.AsNoTracking(), query);
        var total = await tickets.CountAsync(cancellationToken);
        var rows = await Sort(tickets, query).Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new TicketPage(rows.Select(TicketSummary.Of).ToList(), total);
    }

    /// <summary>Every ticket the query matches, in its order, streamed for CSV export.</summary>
    public async IAsyncEnumerable<TicketSummary> StreamAsync(TicketQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var row in Sort(Filter(db.Tickets.AsNoTracking(), query), query).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return TicketSummary.Of(row);
        }
    }

    public async Task<TicketDetails?> DetailsAsync(long ticketId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null)
        {
            return null;
        }
        var messages = await db.TicketMessages.AsNoTracking().Where(m => m.TicketId == ticketId).OrderBy(m => m.Id).Take(1000).ToListAsync(cancellationToken);
        var assignments = await db.TicketAssignments.AsNoTracking().Where(a => a.TicketId == ticketId).OrderBy(a => a.AssignedAt).ToListAsync(cancellationToken);
        var assignee = ticket.AssigneeId is null ? null : await db.SupportAgents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == ticket.AssigneeId, cancellationToken);
        var pii = await db.LearnerPii.AsNoTracking().FirstOrDefaultAsync(p => p.LearnerId == ticket.LearnerId, cancellationToken);
        var profile = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.LearnerId == ticket.LearnerId, cancellationToken);
        var orders = await db.Orders.AsNoTracking().Where(o => o.LearnerId == ticket.LearnerId).OrderByDescending(o => o.PlacedAt).Take(5).ToListAsync(cancellationToken);
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.LearnerId == ticket.LearnerId).OrderByDescending(m => m.StartedAt).Take(3).ToListAsync(cancellationToken);
        var recent = await db.Tickets.AsNoTracking().Where(t => t.LearnerId == ticket.LearnerId && t.Id != ticketId)
            .OrderByDescending(t => t.CreatedAt).Take(5).ToListAsync(cancellationToken);
        return new TicketDetails(ticket, messages, assignments,
            new LearnerContext(ticket.LearnerId, pii?.ErasedAt is null ? pii?.Name : null, pii?.ErasedAt is null ? pii?.Email : null, profile, orders, memberships,
                recent.Select(TicketSummary.Of).ToList()),
            assignee);
    }

    /// <summary>
    /// How many tickets each view holds for <paramref name="agentId"/>, without filters, in one pass over the tickets:
    /// every agent's queue page asks again whenever the desk changes. The conditions are those of <see cref="Filter"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<TicketView, int>> CountViewsAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Tickets.AsNoTracking().GroupBy(_ => 1).Select(g => new
        {
            Mine = g.Count(t => t.AssigneeId == agentId && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed),
            Unassigned = g.Count(t => t.AssigneeId == null && t.Status == TicketStatus.New && (t.Queue == TicketQueue.Skill || t.Queue == TicketQueue.General)),
            Triage = g.Count(t => t.AssigneeId == null && t.Status == TicketStatus.New && t.Queue == TicketQueue.Triage),
            Automated = g.Count(t => t.AutoReplyArticleId != null && t.AssigneeId == null && t.Status == TicketStatus.Pending),
            Open = g.Count(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed),
            Resolved = g.Count(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed),
            All = g.Count(),
        }).FirstOrDefaultAsync(cancellationToken);
        return new Dictionary<TicketView, int>
        {
            [TicketView.Mine] = row?.Mine ?? 0,
            [TicketView.Unassigned] = row?.Unassigned ?? 0,
            [TicketView.Triage] = row?.Triage ?? 0,
            [TicketView.Automated] = row?.Automated ?? 0,
            [TicketView.Open] = row?.Open ?? 0,
            [TicketView.Resolved] = row?.Resolved ?? 0,
            [TicketView.All] = row?.All ?? 0,
        };
    }

    public async Task<DeskSnapshot> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var queues = await db.Tickets.Where(t => t.Status == TicketStatus.New && t.AssigneeId == null && t.Queue != null)
            .GroupBy(t => t.Queue).Select(g => new { Queue = g.Key, Count = g.Count(), Oldest = g.Min(t => t.WaitingSince) })
            .ToListAsync(cancellationToken);
        var open = await db.Tickets.CountAsync(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed, cancellationToken);
        var breached = await db.Tickets.CountAsync(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed
            && ((t.FirstRespondedAt == null && t.FirstResponseDueAt < now) || t.ResolutionDueAt < now), cancellationToken);
        var agents = await AgentLoads.LoadAsync(db, cancellationToken);
        int Count(TicketQueue q) => queues.FirstOrDefault(x => x.Queue == q)?.Count ?? 0;
        return new DeskSnapshot(Count(TicketQueue.Triage), Count(TicketQueue.Skill), Count(TicketQueue.General), open, breached,
            queues.Where(q => q.Queue != TicketQueue.Triage).Min(q => q.Oldest), agents);
    }

    private static IQueryable<Ticket> Filter(IQueryable<Ticket> tickets, TicketQuery q)
    {
        tickets = q.View switch
        {
            TicketView.Mine => tickets.Where(t => t.AssigneeId == q.AgentId && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed),
            TicketView.Unassigned => tickets.Where(t => t.AssigneeId == null && t.Status == TicketStatus.New
                && (t.Queue == TicketQueue.Skill || t.Queue == TicketQueue.General)),
            TicketView.Triage => tickets.Where(t => t.AssigneeId == null && t.Status == TicketStatus.New && t.Queue == TicketQueue.Triage),
            TicketView.Automated => tickets.Where(t => t.AutoReplyArticleId != null && t.AssigneeId == null && t.Status == TicketStatus.Pending),
            TicketView.Open => tickets.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed),
            TicketView.Resolved => tickets.Where(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed),
            _ => tickets,
        };
        if (q.View != TicketView.Mine && !string.IsNullOrEmpty(q.AgentId))
        {
            tickets = tickets.Where(t => t.AssigneeId == q.AgentId);
        }
        if (q.Status is { } status)
        {
            tickets = tickets.Where(t => t.Status == status);
        }
        if (q.Priority is { } priority)
        {
            tickets = tickets.Where(t => t.Priority == priority);
        }
        if (!string.IsNullOrWhiteSpace(q.Intent))
        {
            tickets = tickets.Where(t => t.Intent == q.Intent);
        }
        if (!string.IsNullOrWhiteSpace(q.Language))
        {
            tickets = tickets.Where(t => t.Language == q.Language);
        }
        if (!string.IsNullOrWhiteSpace(q.LearnerId))
        {
            tickets = tickets.Where(t => t.LearnerId == q.LearnerId);
        }
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var term = q.Search.Trim();
            var id = term.TrimStart('#');
            tickets = long.TryParse(id, out var number)
                ? tickets.Where(t => t.Id == number || t.Subject.Contains(term))
                : tickets.Where(t => t.Subject.Contains(term) || t.LearnerId == term);
        }
        return tickets;
    }

    private static IQueryable<Ticket> Sort(IQueryable<Ticket> tickets, TicketQuery q) => (q.Sort, q.Descending) switch
    {
        (TicketSort.Created, true) => tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
        (TicketSort.Created, false) => tickets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
        // Priority is stored as text; order by its rank, not alphabetically.
        (TicketSort.Priority, var desc) => desc
            ? tickets.OrderByDescending(t => t.Priority == TicketPriority.Urgent ? 3 : t.Priority == TicketPriority.High ? 2 : t.Priority == TicketPriority.Normal ? 1 : 0).ThenBy(t => t.CreatedAt)
            : tickets.OrderBy(t => t.Priority == TicketPriority.Urgent ? 3 : t.Priority == TicketPriority.High ? 2 : t.Priority == TicketPriority.Normal ? 1 : 0).ThenBy(t => t.CreatedAt),
        (TicketSort.Due, var desc) => desc
            ? tickets.OrderByDescending(t => t.FirstRespondedAt == null ? t.FirstResponseDueAt : t.ResolutionDueAt).ThenBy(t => t.Id)
            : tickets.OrderBy(t => t.FirstRespondedAt == null ? t.FirstResponseDueAt : t.ResolutionDueAt).ThenBy(t => t.Id),
        (_, true) => tickets.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id),
        (_, false) => tickets.OrderBy(t => t.UpdatedAt).ThenBy(t => t.Id),
    };
}
