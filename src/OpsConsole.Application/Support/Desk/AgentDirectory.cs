using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>What a manager sets for an agent.</summary>
public sealed record AgentProfile(string? Id, string? Name, string? Intents, string? Languages, string? Tags, int Capacity);

/// <summary>Agents, their skills and capacity (managers), and their status (the agents themselves).</summary>
public sealed partial class AgentDirectory(IDbContextFactory<OpsDbContext> contexts, DeskRouter router, ISupportNotifier notifier, TimeProvider clock)
{
    public const int MaxCapacity = 200;

    public async Task<IReadOnlyList<AgentLoad>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AgentLoads.LoadAsync(db, cancellationToken);
    }

    public async Task<SupportAgent?> FindAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SupportAgents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, cancellationToken);
    }

    /// <summary>Creates or updates an agent; errors name the field.</summary>
    public async Task<SupportAgent> SaveAsync(AgentProfile profile, CancellationToken cancellationToken = default)
    {
        var id = profile.Id?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(id) || id.Length > SupportAgent.IdMaxLength)
        {
            throw new TicketRequestException("id", $"id (the agent's sign-in e-mail) is required, at most {SupportAgent.IdMaxLength} characters.");
        }
        var name = profile.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > SupportAgent.NameMaxLength)
        {
            throw new TicketRequestException("name", $"name is required, at most {SupportAgent.NameMaxLength} characters.");
        }
        if (profile.Capacity is < 1 or > MaxCapacity)
        {
            throw new TicketRequestException("capacity", $"capacity must be 1 to {MaxCapacity} open tickets; got {profile.Capacity}.");
        }
        var intents = Skills(profile.Intents, "intents", IntentOrStar());
        var languages = Skills(profile.Languages, "languages", LanguageOrStar());
        if (languages.Length == 0)
        {
            throw new TicketRequestException("languages", "An agent answers in at least one language (e.g. en, zh, or * for all).");
        }
        var tags = Skills(profile.Tags, "tags", TagCode());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agent = await db.SupportAgents.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agent is null)
        {
            agent = new SupportAgent { Id = id, Name = name, StatusChangedAt = clock.GetUtcNow().UtcDateTime };
            db.SupportAgents.Add(agent);
        }
        agent.Name = name;
        agent.Intents = intents.Length == 0 ? "*" : string.Join(' ', intents);
        agent.Languages = string.Join(' ', languages);
        agent.Tags = string.Join(' ', tags);
        agent.Capacity = profile.Capacity;
        agent.Active = true;
        await db.SaveChangesAsync(cancellationToken);
        await router.SweepAsync(cancellationToken);
        return agent;
    }

    /// <summary>Online, away or offline. Coming online takes waiting tickets at once.</summary>
    public async Task SetStatusAsync(string agentId, AgentStatus status, CancellationToken cancellationToken = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var agent = await db.SupportAgents.FirstOrDefaultAsync(a => a.Id == agentId, cancellationToken)
                ?? throw new TicketRequestException("agentId", $"There is no agent '{agentId}'.");
            if (agent.Status == status)
            {
                return;
            }
            agent.Status = status;
            agent.StatusChangedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        if (status == AgentStatus.Online)
        {
            await router.SweepAsync(cancellationToken);
        }
        else
        {
            await notifier.DeskChangedAsync(cancellationToken);
        }
    }

    /// <summary>Takes the agent out of routing and the lists; their tickets stay with them until reassigned.</summary>
    public async Task RetireAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.SupportAgents.Where(a => a.Id == agentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Active, false).SetProperty(a => a.Status, AgentStatus.Offline), cancellationToken);
        await notifier.DeskChangedAsync(cancellationToken);
    }

    private static string[] Skills(string? list, string field, Regex shape)
    {
        var items = (list ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(s => s.ToLowerInvariant()).Distinct().ToArray();
        foreach (var item in items)
        {
            if (item.Length > 64 || !shape.IsMatch(item))
            {
                throw new TicketRequestException(field, $"'{item}' is not a valid entry for {field}.");
            }
        }
        return items;
    }

    [GeneratedRegex("^(\\*|[a-z0-9_]+)$")]
    private static partial Regex IntentOrStar();

    [GeneratedRegex("^(\\*|[a-z]{2,3}(-[a-z0-9]{2,8})*)$")]
    private static partial Regex LanguageOrStar();

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex TagCode();
}
