using System.Collections.Concurrent;

namespace OpsConsole.Web.Support;

/// <summary>One person with a ticket open.</summary>
public sealed record TicketViewer(string AgentId, string Name, bool Replying);

/// <summary>
/// Who has which ticket open, per hub connection, for collision warnings. Kept in memory: presence is only as old as
/// the connections, and with several instances each knows its own (the Redis backplane carries the pushes).
/// </summary>
public sealed class TicketPresence
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, TicketViewer>> _tickets = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, byte>> _connections = new();

    public void Join(long ticketId, string connectionId, string agentId, string name)
    {
        _tickets.GetOrAdd(ticketId, _ => new()).TryAdd(connectionId, new TicketViewer(agentId, name, false));
        _connections.GetOrAdd(connectionId, _ => new()).TryAdd(ticketId, 0);
    }

    public bool Leave(long ticketId, string connectionId)
    {
        _connections.GetValueOrDefault(connectionId)?.TryRemove(ticketId, out _);
        if (_tickets.TryGetValue(ticketId, out var viewers) && viewers.TryRemove(connectionId, out _))
        {
            if (viewers.IsEmpty)
            {
                _tickets.TryRemove(KeyValuePair.Create(ticketId, viewers));
            }
            return true;
        }
        return false;
    }

    /// <summary>Forgets a closed connection; returns the tickets it had open.</summary>
    public IReadOnlyList<long> Drop(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var tickets))
        {
            return [];
        }
        var left = tickets.Keys.ToList();
        foreach (var ticketId in left)
        {
            Leave(ticketId, connectionId);
        }
        return left;
    }

    public bool SetReplying(long ticketId, string connectionId, bool replying)
    {
        if (!_tickets.TryGetValue(ticketId, out var viewers) || !viewers.TryGetValue(connectionId, out var viewer) || viewer.Replying == replying)
        {
            return false;
        }
        viewers[connectionId] = viewer with { Replying = replying };
        return true;
    }

    /// <summary>Each person once (several tabs count once), replying if any of their tabs is.</summary>
    public IReadOnlyList<TicketViewer> Viewers(long ticketId) =>
        _tickets.TryGetValue(ticketId, out var viewers)
            ? viewers.Values.GroupBy(v => v.AgentId).Select(g => g.First() with { Replying = g.Any(v => v.Replying) }).OrderBy(v => v.Name).ToList()
            : [];
}
