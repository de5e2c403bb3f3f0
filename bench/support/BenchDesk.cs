using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Support;

namespace OpsConsole.Bench.Support;

/// <summary>A ticket push as one agent's client saw it: when it arrived (this process's stopwatch) and to whom.</summary>
public readonly record struct Arrival(long Stamp, string AgentId);

/// <summary>One signed-in agent with a live hub connection, as a console browser tab holds it.</summary>
public sealed class AgentClient(string agentId, HubConnection connection) : IAsyncDisposable
{
    public string AgentId { get; } = agentId;
    public HubConnection Connection { get; } = connection;

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>
/// The desk the benchmark works: agents with mixed skills (languages, intents, teams), all online with room to spare,
/// two routing rules, an API key for the platform, and one signed-in hub connection per agent recording every
/// <c>TicketAssigned</c> and <c>Pong</c> the moment it arrives.
/// </summary>
public sealed class BenchDesk : IAsyncDisposable
{
    public const string Password = "Bench-Desk-Password-9";

    /// <summary>Billing questions go to the billing team; upset learners get a higher priority.</summary>
    public const string Rules = """
        {"rules":[
          {"name":"Billing to the billing team","conditions":[{"field":"intent","operator":"is","value":["refund_request","invoice_billing"]}],
           "action":{"routeTo":"billing"}},
          {"name":"Upset learners first","conditions":[{"field":"sentiment","operator":"atMost","value":-0.3}],
           "action":{"setPriority":"high","addTags":["upset"]}}
        ]}
        """;

    private readonly List<AgentClient> _clients = [];

    private BenchDesk(string apiKey, IReadOnlyList<AgentProfile> profiles)
    {
        ApiKey = apiKey;
        Profiles = profiles;
    }

    public string ApiKey { get; }
    public IReadOnlyList<AgentProfile> Profiles { get; }
    public IReadOnlyList<AgentClient> Clients => _clients;

    /// <summary>Every TicketAssigned received, by ticket id (the first, should one ever arrive twice).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<long, Arrival> Pushes { get; } = new();

    /// <summary>Every Pong received: the stamp sent, and when it came back.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<long, long> Pongs { get; } = new();

    public int DuplicatePushes;

    /// <summary>
    /// Agent <paramref name="i"/> of <paramref name="count"/>: languages cycle en, en, zh, en+zh, en+zh; every fifth
    /// (the bilingual fourth) is on the billing team; every fourth otherwise takes any intent, the rest two or three.
    /// </summary>
    public static AgentProfile Profile(int i, int capacity)
    {
        var intents = SyntheticTickets.Intents;
        var languages = (i % 5) switch { 0 or 1 => "en", 2 => "zh", _ => "en zh" };
        var billing = i % 5 == 3;
        var skills = billing ? "refund_request invoice_billing membership_renewal"
            : i % 4 == 3 ? "*"
            : $"{intents[i % 6]} {intents[(i + 2) % 6]}{(i % 3 == 0 ? " " + intents[(i + 4) % 6] : "")}";
        var tags = billing ? "billing" : i % 7 == 0 ? "senior" : "";
        return new AgentProfile($"agent{i + 1:D2}@bench.opsconsole.local", $"Agent {i + 1:D2}", skills, languages, tags, capacity);
    }

    /// <summary>Intents and languages no online agent could take under the rules above (the run would leave them queued).</summary>
    public static IReadOnlyList<string> Uncovered(IReadOnlyList<AgentProfile> profiles)
    {
        var gaps = new List<string>();
        foreach (var intent in SyntheticTickets.Intents)
        {
            foreach (var language in new[] { "en", "zh" })
            {
                var tag = intent is "refund_request" or "invoice_billing" ? "billing" : null;
                var state = profiles.Select(p => new AgentState(p.Id!, p.Name!, AgentStatus.Online, Split(p.Intents), Split(p.Languages), Split(p.Tags), p.Capacity, 0));
                if (!state.Any(a => a.HasSkills(new SkillNeeds(intent, language, tag))))
                {
                    gaps.Add($"{intent}/{language}");
                }
            }
        }
        return gaps;
    }

    private static string[] Split(string? list) => (list ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Sets the desk up on the app started here: key, rules, agent accounts and rows, all online, all connected.</summary>
    public static async Task<BenchDesk> CreateAsync(BenchApp app, int agents, int capacity)
    {
        var services = app.Services;
        var apiKey = (await services.GetRequiredService<ApiKeyService>().CreateAsync("support-bench", ApiScopes.Tickets, "bench")).Secret;
        var errors = await services.GetRequiredService<DeskSettings>().SaveRoutingRulesAsync(Rules, "bench");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The routing rules were refused: " + string.Join("; ", errors));
        }
        var profiles = Enumerable.Range(0, agents).Select(i => Profile(i, capacity)).ToList();
        var directory = services.GetRequiredService<AgentDirectory>();
        var desk = new BenchDesk(apiKey, profiles);
        foreach (var profile in profiles)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<UserAdminService>().CreateAsync(profile.Id!, Roles.SupportAgent, Password, profile.Name);
            }
            var agent = await directory.SaveAsync(profile);
            await directory.SetStatusAsync(agent.Id, AgentStatus.Online);
            await desk.ConnectAsync(app.Address, agent.Id, Password);
        }
        return desk;
    }

    /// <summary>A server started elsewhere: its agents (accounts and desk rows, online) and key are the operator's.</summary>
    public static async Task<BenchDesk> AttachAsync(Uri address, string apiKey, IReadOnlyList<(string Email, string Password)> logins)
    {
        var desk = new BenchDesk(apiKey, []);
        foreach (var (email, password) in logins)
        {
            await desk.ConnectAsync(address, email.Trim().ToLowerInvariant(), password);
        }
        return desk;
    }

    /// <summary>Signs the agent in and opens their hub connection, stamping every push the moment it arrives.</summary>
    private async Task ConnectAsync(Uri address, string agentId, string password)
    {
        var cookies = new CookieContainer();
        await SignIn.SignInAsync(address, cookies, agentId, password);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "hubs/ops"), o =>
            {
                o.Cookies = cookies;
                o.Transports = HttpTransportType.WebSockets;
            })
            .Build();
        // Stamp first: everything after the stopwatch read is the benchmark's own bookkeeping.
        connection.On<TicketSummary, string>("TicketAssigned", (ticket, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (!Pushes.TryAdd(ticket.Id, new Arrival(now, agentId)))
            {
                Interlocked.Increment(ref DuplicatePushes);
            }
        });
        connection.On<long>("Pong", stamp =>
        {
            var now = Stopwatch.GetTimestamp();
            Pongs.TryAdd(stamp, now);
        });
        await connection.StartAsync();
        _clients.Add(new AgentClient(agentId, connection));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients)
        {
            await client.DisposeAsync();
        }
    }
}
