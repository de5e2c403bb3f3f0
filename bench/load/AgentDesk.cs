using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using OpsConsole.Bench.Support;
using OpsConsole.Support;

namespace OpsConsole.Bench.Load;

/// <summary>A ticket push as an agent's client saw it: when it arrived (this process's stopwatch) and to whom.</summary>
public readonly record struct Arrival(long Stamp, string AgentId);

/// <summary>
/// The support agents: each signed in through the console's form and holding one hub connection over WebSockets, as a
/// console tab does, stamping every <c>TicketAssigned</c> the moment its handler runs.
/// </summary>
public sealed class AgentDesk : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private int _duplicates;
    private int _reconnects;

    public ConcurrentDictionary<long, Arrival> Pushes { get; } = new();
    public int Duplicates => _duplicates;
    public int Reconnects => _reconnects;
    public int Connected => _connections.Count(c => c.State == HubConnectionState.Connected);

    public static async Task<AgentDesk> ConnectAsync(Uri address, IReadOnlyList<string> agentIds, string password)
    {
        var desk = new AgentDesk();
        foreach (var id in agentIds)
        {
            var cookies = new CookieContainer();
            await SignIn.SignInAsync(address, cookies, id, password);
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(address, "hubs/ops"), o =>
                {
                    o.Cookies = cookies;
                    o.Transports = HttpTransportType.WebSockets;
                })
                .WithAutomaticReconnect()
                .Build();
            var agentId = id;
            connection.On<TicketSummary, string>("TicketAssigned", (ticket, _) =>
            {
                var now = Stopwatch.GetTimestamp();
                if (!desk.Pushes.TryAdd(ticket.Id, new Arrival(now, agentId)))
                {
                    Interlocked.Increment(ref desk._duplicates);
                }
            });
            connection.Reconnecting += _ =>
            {
                Interlocked.Increment(ref desk._reconnects);
                return Task.CompletedTask;
            };
            await connection.StartAsync();
            desk._connections.Add(connection);
        }
        return desk;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
