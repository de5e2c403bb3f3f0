namespace OpsConsole.Support;

/// <summary>
/// A person who answers tickets, as routing knows them. Skills are space-separated lists; <c>*</c> means every intent
/// or language. The id is the agent's console sign-in (e-mail) so an agent's queue follows their login.
/// </summary>
public sealed class SupportAgent
{
    public const int IdMaxLength = 256;
    public const int NameMaxLength = 128;
    public const int SkillsMaxLength = 1024;

    public required string Id { get; set; }
    public required string Name { get; set; }
    public string Intents { get; set; } = "*";
    public string Languages { get; set; } = "en";
    /// <summary>Teams and levels rules route to, e.g. <c>senior billing</c>.</summary>
    public string Tags { get; set; } = "";
    /// <summary>Open tickets the agent may hold at once.</summary>
    public int Capacity { get; set; } = 8;
    public AgentStatus Status { get; set; } = AgentStatus.Offline;
    public DateTime StatusChangedAt { get; set; }
    /// <summary>When the agent last received a ticket: ties on free capacity go to whoever waited longest.</summary>
    public DateTime? LastAssignedAt { get; set; }
    /// <summary>Retired agents keep their history but take no tickets and leave the lists.</summary>
    public bool Active { get; set; } = true;

    public static IReadOnlyList<string> Split(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public enum AgentStatus
{
    Online = 0,
    /// <summary>Signed in but not taking tickets (break, meeting): kept out of routing like Offline.</summary>
    Away = 1,
    Offline = 2,
}

/// <summary>One assignment of a ticket to an agent and why it was made; the history of who held a ticket.</summary>
public sealed class TicketAssignment
{
    public const int ReasonMaxLength = 1024;

    public long Id { get; set; }
    public long TicketId { get; set; }
    public required string AgentId { get; set; }
    public DateTime AssignedAt { get; set; }
    /// <summary>New ticket, agent available, dispatch sweep or a person's manual move.</summary>
    public string Trigger { get; set; } = "";
    public string? RuleName { get; set; }
    /// <summary>The sentence shown on the ticket.</summary>
    public string Reason { get; set; } = "";
    /// <summary>The reason as data (queue, needs, pool, choice) in JSON, for reports and filters.</summary>
    public string? Details { get; set; }
    public DateTime? EndedAt { get; set; }
}
