using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;
using OpsConsole.Profiles;
using OpsConsole.Support;
using OpsConsole.Support.Reports;

namespace OpsConsole.IntegrationTests.Support.Reports;

/// <summary>
/// Tickets, agents and learner values written straight into a test database, with the platform and the desk in
/// Shanghai (09:00–18:00 Monday to Friday, the default targets) and a clock the test sets.
/// </summary>
internal sealed class SupportWorld
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly TestDatabase database;

    public SupportWorld(TestDatabase database, DateTimeOffset now, params string[] holidays)
    {
        this.database = database;
        var clock = new FixedClock(now);
        Time = new PlatformTime(Shanghai, clock);
        // The configured policies (no manager has saved any in these databases), read as the desk reads them.
        Policies = new SlaPolicies(Options.Create(new SlaOptions { Holidays = [.. holidays] }), new DeskSettings(database.Contexts, clock), Time, clock);
    }

    public PlatformTime Time { get; }

    public SlaPolicies Policies { get; }

    public SupportReportQuery Query => new(database.Contexts, Time, Policies);

    /// <summary>The same query reading rows through LINQ, as providers without a hand-written statement do.</summary>
    public SupportReportQuery LinqQuery => new(database.Contexts, Time, Policies) { ReadThroughLinq = true };

    /// <summary>A wall-clock time in Shanghai as the UTC instant stored.</summary>
    public static DateTime Sh(int month, int day, int hour, int minute = 0, int year = 2026) =>
        new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);

    public async Task AddAsync(params Ticket[] tickets)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        foreach (var t in tickets)
        {
            t.UpdatedAt = t.CreatedAt;
        }
        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync(Ct);
    }

    public async Task AddAgentsAsync(params SupportAgent[] agents)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        db.SupportAgents.AddRange(agents);
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>A learner with a computed profile of the given net spend.</summary>
    public async Task AddLearnerAsync(string id, decimal netSpend)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        db.Learners.Add(new Learner { Id = id, SignupAt = Sh(1, 1, 9) });
        db.Profiles.Add(new LearnerProfile { LearnerId = id, ComputedAt = Sh(5, 1, 0), NetSpend = netSpend, OrderSpend = netSpend });
        await db.SaveChangesAsync(Ct);
    }

    public async Task AddMessageAsync(Ticket ticket, MessageKind kind, DateTime at, string? author = null)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        db.TicketMessages.Add(new TicketMessage { TicketId = ticket.Id, Kind = kind, AuthorId = author, Body = "reply", CreatedAt = at });
        await db.SaveChangesAsync(Ct);
    }

    public static Ticket Ticket(string learner, TicketPriority priority, DateTime created, DateTime? responded = null, DateTime? resolved = null,
        TicketStatus? status = null, string? assignee = null, string? intent = null, string channel = "web", string language = "en") => new()
    {
        LearnerId = learner,
        Subject = "help",
        Body = "please help",
        Priority = priority,
        CreatedAt = created,
        FirstRespondedAt = responded,
        ResolvedAt = resolved,
        Status = status ?? (resolved is null ? (assignee is null ? TicketStatus.New : TicketStatus.Assigned) : TicketStatus.Resolved),
        AssigneeId = assignee,
        Intent = intent,
        Channel = channel,
        Language = language,
    };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
