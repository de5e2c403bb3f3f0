namespace OpsConsole.Support;

/// <summary>
/// Due times and states of tickets' service-level targets: first response and resolution, by priority, counted in the
/// calendar's business time from the ticket's creation.
/// </summary>
public sealed class SlaClock
{
    private readonly Dictionary<TicketPriority, SlaPolicy> policies;

    public SlaClock(BusinessCalendar calendar, IEnumerable<SlaPolicy> policies, SlaWarningLead warning)
    {
        Calendar = calendar;
        Warning = warning;
        this.policies = [];
        foreach (var policy in policies)
        {
            if (policy.FirstResponse <= TimeSpan.Zero || policy.Resolution <= TimeSpan.Zero)
            {
                throw new ArgumentException($"The {policy.Priority} targets must be longer than zero.", nameof(policies));
            }
            if (!this.policies.TryAdd(policy.Priority, policy))
            {
                throw new ArgumentException($"Two policies for {policy.Priority}.", nameof(policies));
            }
        }
        foreach (var priority in Enum.GetValues<TicketPriority>())
        {
            if (!this.policies.ContainsKey(priority))
            {
                throw new ArgumentException($"No policy for {priority}: every priority needs targets.", nameof(policies));
            }
        }
    }

    public BusinessCalendar Calendar { get; }

    public SlaWarningLead Warning { get; }

    public SlaPolicy PolicyFor(TicketPriority priority) => policies[priority];

    /// <summary>Stores on the ticket when its first response and its resolution fall due under its priority's policy.</summary>
    public void SetDueDates(Ticket ticket)
    {
        var state = Evaluate(ticket.Priority, ticket.CreatedAt, null, null, ticket.CreatedAt);
        ticket.FirstResponseDueAt = state.FirstResponse.DueAt;
        ticket.ResolutionDueAt = state.Resolution.DueAt;
    }

    public TicketSla Evaluate(Ticket ticket, DateTime now) =>
        Evaluate(ticket.Priority, ticket.CreatedAt, ticket.FirstRespondedAt, ticket.ResolvedAt, now);

    public TicketSla Evaluate(TicketPriority priority, DateTime createdAt, DateTime? firstRespondedAt, DateTime? resolvedAt, DateTime now)
    {
        var policy = PolicyFor(priority);
        return new TicketSla(
            priority,
            Measure(SlaTarget.FirstResponse, policy.FirstResponse, createdAt, firstRespondedAt, now),
            Measure(SlaTarget.Resolution, policy.Resolution, createdAt, resolvedAt, now));
    }

    /// <summary>
    /// One target from <paramref name="startedAt"/>. A running target is breached from its due instant on; a completed one
    /// is met if completed at or before it.
    /// </summary>
    public SlaMeasure Measure(SlaTarget target, TimeSpan goal, DateTime startedAt, DateTime? completedAt, DateTime now)
    {
        startedAt = Instants.AsUtc(startedAt);
        now = Instants.AsUtc(now);
        var completed = completedAt is { } c ? Instants.AsUtc(c) : (DateTime?)null;
        var due = Calendar.AddBusinessTime(startedAt, goal);
        var warnAt = Calendar.AddBusinessTime(startedAt, Warning.WarnAfter(goal));
        var elapsed = Calendar.BusinessTimeBetween(startedAt, completed ?? now);
        var state = completed is { } done
            ? done <= due ? SlaState.Met : SlaState.Missed
            : now >= due ? SlaState.Breached : now >= warnAt ? SlaState.Warning : SlaState.OnTrack;
        return new SlaMeasure(target, goal, startedAt, warnAt, due, completed, elapsed, goal - elapsed, state);
    }
}
