using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Learners;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Support;

namespace OpsConsole.Tests.Support.Desk;

/// <summary>
/// The real desk (intake, routing, conversation, queries) over a test database, with the clock stopped on a Monday
/// morning inside business hours. Pushes are recorded: the pages' live side is driven through their callbacks.
/// </summary>
internal sealed class DeskSeed(TestDatabase database)
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    public RecordingNotifier Pushes { get; } = new();

    public void Register(IServiceCollection services)
    {
        var clock = new FixedClock(Now);
        database.Register(services);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new PlatformTime(TimeZoneInfo.Utc, clock));
        services.AddSingleton<ISupportNotifier>(Pushes);
        services.AddSingleton<IIntentClassifier, NoIntentModel>();
        services.AddSingleton<IAutoResponder, NoAutomatedAnswers>();
        // The desk records ticket outcomes as events through ingestion; these pages never resolve a ticket, so the
        // event store's own connection is not used.
        services.AddSingleton(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        services.AddIngestion();
        services.AddSupportDesk();
        services.AddKnowledgeBase();
        services.AddSingleton<DeskViews>();
        // The learner context shows the learner's churn risk.
        services.AddSingleton<OpsConsole.Retention.ChurnScoreQueries>();
    }

    public void Agent(string id, string name, AgentStatus status = AgentStatus.Online, int capacity = 8)
    {
        using var db = new OpsDbContext(database.Options);
        db.SupportAgents.Add(new SupportAgent { Id = id, Name = name, Status = status, Capacity = capacity, Languages = "en zh", StatusChangedAt = Now.UtcDateTime.AddHours(-2) });
        db.SaveChanges();
    }

    public void Learner(string id, string name, string email)
    {
        using var db = new OpsDbContext(database.Options);
        db.Learners.Add(new Learner { Id = id, SignupAt = Now.UtcDateTime.AddYears(-1) });
        db.LearnerPii.Add(new LearnerPii { LearnerId = id, Name = name, Email = email });
        db.SaveChanges();
    }

    /// <summary>A ticket as the desk stores it, with the learner's first message.</summary>
    public Ticket Ticket(string subject, string? assignee = null, TicketStatus? status = null, TicketQueue? queue = null, string learner = "u-1",
        string? intent = "refund_request", double? confidence = 0.91, TicketPriority priority = TicketPriority.Normal, TimeSpan? age = null,
        string? learnerName = null)
    {
        using var db = new OpsDbContext(database.Options);
        var created = Now.UtcDateTime - (age ?? TimeSpan.FromMinutes(30));
        var ticket = new Ticket
        {
            LearnerId = learner, Subject = subject, Body = $"{subject}, please help.", Intent = intent, IntentConfidence = confidence, Priority = priority,
            Status = status ?? (assignee is null ? TicketStatus.New : TicketStatus.Assigned), AssigneeId = assignee,
            Queue = assignee is null ? queue ?? TicketQueue.Skill : null, WaitingSince = assignee is null ? created : null,
            Language = "en", CreatedAt = created, UpdatedAt = created, FirstResponseDueAt = created.AddHours(4), ResolutionDueAt = created.AddHours(24),
        };
        db.Tickets.Add(ticket);
        db.SaveChanges();
        db.TicketMessages.Add(new TicketMessage { TicketId = ticket.Id, Kind = MessageKind.Learner, AuthorId = learner, AuthorName = learnerName ?? learner, Body = ticket.Body, CreatedAt = created });
        db.SaveChanges();
        return ticket;
    }

    public void Message(long ticketId, MessageKind kind, string author, string body, int minutesAfter)
    {
        using var db = new OpsDbContext(database.Options);
        var ticket = db.Tickets.Single(t => t.Id == ticketId);
        db.TicketMessages.Add(new TicketMessage
        {
            TicketId = ticketId, Kind = kind, AuthorName = author, AuthorId = kind is MessageKind.Agent or MessageKind.Note ? author : null, Body = body,
            CreatedAt = ticket.CreatedAt.AddMinutes(minutesAfter),
        });
        db.SaveChanges();
    }

    public void Article(string title, string body, string intents, string language = "en")
    {
        using var db = new OpsDbContext(database.Options);
        db.KnowledgeArticles.Add(new KnowledgeArticle { Title = title, Body = body, Intents = intents, Language = language, UpdatedAt = Now.UtcDateTime, UpdatedBy = "seed" });
        db.SaveChanges();
    }

    public void Canned(string name, string body, string intents, string language = "en")
    {
        using var db = new OpsDbContext(database.Options);
        db.CannedResponses.Add(new CannedResponse { Name = name, Body = body, Intents = intents, Language = language, UpdatedAt = Now.UtcDateTime });
        db.SaveChanges();
    }

    public OpsDbContext Db() => new(database.Options);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>Every push the desk asked for, in order.</summary>
internal sealed class RecordingNotifier : ISupportNotifier
{
    public ConcurrentQueue<(string AgentId, TicketSummary Ticket)> Assigned { get; } = new();
    public ConcurrentQueue<TicketChange> Changes { get; } = new();

    public Task TicketAssignedAsync(TicketSummary ticket, string agentId, string reason, CancellationToken cancellationToken)
    {
        Assigned.Enqueue((agentId, ticket));
        return Task.CompletedTask;
    }

    public Task TicketChangedAsync(TicketChange change, CancellationToken cancellationToken)
    {
        Changes.Enqueue(change);
        return Task.CompletedTask;
    }

    public Task DeskChangedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
