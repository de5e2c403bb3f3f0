using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Data;
using OpsConsole.Learners;

namespace OpsConsole.Support;

/// <summary>
/// The desk's commands: take a ticket in (read it, route it or send it to triage, answer it automatically when
/// allowed), converse, move it through its life cycle, rate it. Every change is pushed to those watching. Before any
/// intent model exists tickets are routed by language alone, so a fresh desk works from its first ticket.
/// </summary>
public sealed partial class SupportDesk(
    IDbContextFactory<OpsDbContext> contexts,
    TicketReader reader,
    DeskRouter router,
    SlaPolicies sla,
    IAutoResponder autoResponder,
    ISupportNotifier notifier,
    DeskEvents events,
    IOptions<DeskOptions> options,
    TimeProvider clock)
{
    public const int MaxTags = 10;

    public async Task<TicketCreated> CreateAsync(NewTicket request, Actor by, CancellationToken cancellationToken = default)
    {
        var (learnerId, subject, body, channel, tags) = Validate(request);
        var now = Now;
        var reading = await reader.ReadAsync(subject, body, now, cancellationToken);
        var ticket = new Ticket
        {
            LearnerId = learnerId,
            Subject = subject,
            Body = body,
            Channel = channel,
            OrderId = Blank(request.OrderId) ?? reading.Entities.OrderIds.FirstOrDefault(),
            ItemId = Blank(request.ItemId) ?? reading.Entities.Titles.FirstOrDefault()?.ItemId,
            Language = reading.Language.Code,
            LanguageConfidence = reading.Language.Confidence,
            Sentiment = reading.Sentiment.Polarity,
            SentimentConfidence = reading.Sentiment.Confidence,
            Urgency = reading.UrgencyPriority,
            UrgencyConfidence = reading.Urgency.Confidence,
            // A stated priority wins; otherwise how pressing the text reads, never below normal for a person writing in.
            Priority = request.Priority ?? (reading.UrgencyPriority > TicketPriority.Normal ? reading.UrgencyPriority : TicketPriority.Normal),
            Tags = TicketTags.Join(tags),
            Entities = TicketText.Shorten(reading.EntitiesJson(), 4000),
            Intent = reading.Intent?.Intent,
            IntentConfidence = reading.Intent?.Confidence,
            IntentModelId = reading.Intent?.ModelVersion,
            Status = TicketStatus.New,
            CreatedAt = now,
            UpdatedAt = now,
        };
        (await sla.ClockAsync(cancellationToken)).SetDueDates(ticket);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var author = await LearnerNameAsync(db, learnerId, cancellationToken);
            // The ticket and its first message in one commit: every commit takes the database's write lock (on SQLite a
            // WAL sync too) that the other tickets being taken in and routed wait behind.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync(cancellationToken);
            db.TicketMessages.Add(new TicketMessage
            {
                TicketId = ticket.Id, Kind = MessageKind.Learner, AuthorId = learnerId, AuthorName = author, Body = body, CreatedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await notifier.TicketChangedAsync(new TicketChange(ticket.Id, TicketChangeKind.Created, $"New ticket from {learnerId} via {by.Name}", null, now), cancellationToken);
        // The event goes in while the ticket is answered or routed, not before: on a busy database it waits its turn with
        // every other batch of events, and the learner's ticket should not wait behind them.
        var opened = events.OpenedAsync(ticket, cancellationToken);

        var answer = ticket.Intent is null ? null : await autoResponder.AnswerAsync(ticket, cancellationToken);
        string routing;
        if (answer is not null)
        {
            await SendAutoAnswerAsync(ticket, answer, cancellationToken);
            routing = "Answered automatically from the knowledge base; waiting for the learner to confirm or ask for a person";
        }
        else if (ticket.Intent is not null && ticket.IntentConfidence < options.Value.TriageBelowConfidence)
        {
            routing = $"The model read '{ticket.Intent}' with only {ticket.IntentConfidence:P0} confidence (below {options.Value.TriageBelowConfidence:P0}): waiting in the triage queue";
            await router.SendToTriageAsync(ticket, routing, cancellationToken);
        }
        else
        {
            routing = (await RouteAsync(ticket, cancellationToken)).Reason.Text;
        }
        await opened;
        return new TicketCreated(ticket.Id, ticket.Status, ticket.Priority, ticket.Language, ticket.Intent, ticket.IntentConfidence, ticket.Queue,
            ticket.AssigneeId, routing, answer is not null, ticket.FirstResponseDueAt, ticket.ResolutionDueAt);
    }

    /// <summary>
    /// An agent answers (<paramref name="note"/> false: the learner sees it) or writes an internal note. A reply to a
    /// ticket nobody holds gives it to the agent; after a reply the ticket waits on the learner unless
    /// <paramref name="then"/> says otherwise (resolved, or still assigned).
    /// </summary>
    public async Task<TicketMessage> ReplyAsync(long ticketId, Actor agent, string? body, bool note = false, TicketStatus? then = null,
        CancellationToken cancellationToken = default)
    {
        var text = Required(body, "body", TicketMessage.BodyMaxLength);
        if (then is TicketStatus.New or TicketStatus.Closed)
        {
            throw new TicketRequestException("status", "After a reply a ticket is assigned, pending or resolved.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ticket = await FindAsync(db, ticketId, cancellationToken);
        if (ticket.Status == TicketStatus.Closed)
        {
            throw new TicketStateException($"Ticket {ticketId} is closed; the learner would have to open a new one.");
        }
        var now = Now;
        var message = new TicketMessage
        {
            TicketId = ticketId, Kind = note ? MessageKind.Note : MessageKind.Agent, AuthorId = agent.Id, AuthorName = agent.Name, Body = text, CreatedAt = now,
        };
        db.TicketMessages.Add(message);
        ticket.UpdatedAt = now;
        var freed = false;
        var resolvedBefore = ticket.ResolvedAt;
        if (!note)
        {
            ticket.FirstRespondedAt ??= now;
            if (ticket.AssigneeId is null)
            {
                TakeOver(db, ticket, agent, now);
            }
            var next = then ?? TicketStatus.Pending;
            freed = ticket.Status == TicketStatus.Assigned && next != TicketStatus.Assigned;
            ApplyStatus(db, ticket, next, agent, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        await notifier.TicketChangedAsync(new TicketChange(ticketId, TicketChangeKind.Message,
            note ? $"{agent.Name} added a note" : $"{agent.Name} replied", ticket.AssigneeId, now), cancellationToken);
        await RecordResolutionAsync(ticket, resolvedBefore, cancellationToken);
        await AfterStatusAsync(freed, cancellationToken);
        return message;
    }

    /// <summary>
    /// The learner writes again (through the platform's API). A pending or resolved ticket reopens; after an automated
    /// answer, asking for a person routes the ticket to one.
    /// </summary>
    public async Task<TicketMessage> LearnerReplyAsync(long ticketId, string? body, CancellationToken cancellationToken = default)
    {
        var text = Required(body, "body", TicketMessage.BodyMaxLength);
        Ticket ticket;
        TicketMessage message;
        var route = false;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            ticket = await FindAsync(db, ticketId, cancellationToken);
            if (ticket.Status == TicketStatus.Closed)
            {
                throw new TicketStateException($"Ticket {ticketId} is closed; open a new ticket instead.");
            }
            var now = Now;
            message = new TicketMessage
            {
                TicketId = ticketId, Kind = MessageKind.Learner, AuthorId = ticket.LearnerId,
                AuthorName = await LearnerNameAsync(db, ticket.LearnerId, cancellationToken), Body = text, CreatedAt = now,
            };
            db.TicketMessages.Add(message);
            ticket.UpdatedAt = now;
            if (ticket.AutoReplyArticleId is not null && ticket.AssigneeId is null && !ticket.HumanRequested)
            {
                ticket.HumanRequested = autoResponder.IsHumanRequest(text);
                route = true;
            }
            if (ticket.Status is TicketStatus.Pending or TicketStatus.Resolved)
            {
                if (ticket.Status == TicketStatus.Resolved)
                {
                    ticket.ResolvedAt = null;
                    db.TicketMessages.Add(DeskRouter.SystemMessage(ticketId, "Reopened by the learner's reply", now));
                }
                ticket.Status = ticket.AssigneeId is null ? TicketStatus.New : TicketStatus.Assigned;
                route |= ticket.AssigneeId is null;
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await notifier.TicketChangedAsync(new TicketChange(ticketId, TicketChangeKind.Message, "The learner replied", ticket.AssigneeId, message.CreatedAt), cancellationToken);
        if (route && ticket.AssigneeId is null)
        {
            await RouteAsync(ticket, cancellationToken);
        }
        return message;
    }

    /// <summary>Moves a ticket through its life cycle. Resolving asks for a rating; closing is final.</summary>
    public async Task SetStatusAsync(long ticketId, TicketStatus status, Actor by, CancellationToken cancellationToken = default)
    {
        bool freed;
        DateTime now;
        string? assignee;
        Ticket ticket;
        DateTime? resolvedBefore;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            ticket = await FindAsync(db, ticketId, cancellationToken);
            resolvedBefore = ticket.ResolvedAt;
            if (ticket.Status == status)
            {
                return;
            }
            if (ticket.Status == TicketStatus.Closed)
            {
                throw new TicketStateException($"Ticket {ticketId} is closed for good.");
            }
            if (status == TicketStatus.New)
            {
                throw new TicketRequestException("status", "A ticket goes back to new by returning it to the queue, not by setting its status.");
            }
            now = Now;
            if (ticket.AssigneeId is null && status is TicketStatus.Assigned or TicketStatus.Pending)
            {
                TakeOver(db, ticket, by, now);
            }
            freed = ticket.Status == TicketStatus.Assigned;
            ApplyStatus(db, ticket, status, by, now);
            ticket.UpdatedAt = now;
            assignee = ticket.AssigneeId;
            await db.SaveChangesAsync(cancellationToken);
        }
        await notifier.TicketChangedAsync(new TicketChange(ticketId, TicketChangeKind.Status, $"{by.Name} set it {status.ToString().ToLowerInvariant()}", assignee, now), cancellationToken);
        await RecordResolutionAsync(ticket, resolvedBefore, cancellationToken);
        await AfterStatusAsync(freed && status != TicketStatus.Assigned, cancellationToken);
    }

    /// <summary>An agent confirms or corrects what the ticket is about: the label the next intent model learns from. A triaged ticket is then routed.</summary>
    public async Task SetIntentAsync(long ticketId, string? intent, Actor by, CancellationToken cancellationToken = default)
    {
        var code = Required(intent, "intent", Ticket.IntentMaxLength).ToLowerInvariant();
        if (!IntentCode().IsMatch(code))
        {
            throw new TicketRequestException("intent", $"'{intent}' is not an intent code (lower-case letters, digits and underscores).");
        }
        Ticket ticket;
        bool route;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            ticket = await FindAsync(db, ticketId, cancellationToken);
            var was = ticket.Intent;
            ticket.Intent = code;
            ticket.IntentConfirmed = true;
            ticket.UpdatedAt = Now;
            route = ticket.Queue == TicketQueue.Triage && ticket.AssigneeId is null && ticket.IsOpen;
            db.TicketMessages.Add(DeskRouter.SystemMessage(ticketId,
                was == code ? $"{by.Name} confirmed the intent {code}" : $"{by.Name} set the intent to {code} (was {was ?? "unread"})", ticket.UpdatedAt));
            await db.SaveChangesAsync(cancellationToken);
        }
        await notifier.TicketChangedAsync(new TicketChange(ticketId, TicketChangeKind.Reading, $"Intent: {code}", ticket.AssigneeId, ticket.UpdatedAt), cancellationToken);
        if (route)
        {
            await RouteAsync(ticket, cancellationToken);
        }
    }

    public async Task SetPriorityAsync(long ticketId, TicketPriority priority, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ticket = await FindAsync(db, ticketId, cancellationToken);
        if (ticket.Priority == priority)
        {
            return;
        }
        ticket.Priority = priority;
        ticket.UpdatedAt = Now;
        // The targets follow the priority; warnings already sent for the old targets are sent again if still due.
        (await sla.ClockAsync(cancellationToken)).SetDueDates(ticket);
        ticket.SlaAlerts = SlaAlerts.None;
        db.TicketMessages.Add(DeskRouter.SystemMessage(ticketId, $"{by.Name} set the priority to {priority.ToString().ToLowerInvariant()}", ticket.UpdatedAt));
        await db.SaveChangesAsync(cancellationToken);
        await notifier.TicketChangedAsync(new TicketChange(ticketId, TicketChangeKind.Status, $"Priority: {priority}", ticket.AssigneeId, ticket.UpdatedAt), cancellationToken);
    }

    public async Task SetTagsAsync(long ticketId, IReadOnlyList<string>? tags, Actor by, CancellationToken cancellationToken = default)
    {
        var list = ValidTags(tags);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ticket = await FindAsync(db, ticketId, cancellationToken);
        ticket.Tags = TicketTags.Join(list);
        ticket.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        await notifier.TicketChangedAsync(new TicketChange(ticketId, TicketChangeKind.Status, $"{by.Name} changed the tags", ticket.AssigneeId, ticket.UpdatedAt), cancellationToken);
    }

    /// <summary>The learner answers the satisfaction survey sent on resolution (1 to 5); a second answer replaces the first.</summary>
    public async Task RateAsync(long ticketId, int rating, string? comment, CancellationToken cancellationToken = default)
    {
        if (rating is < 1 or > 5)
        {
            throw new TicketRequestException("rating", $"rating must be 1 (very unhappy) to 5 (very happy); got {rating}.");
        }
        if (comment is { Length: > 2000 })
        {
            throw new TicketRequestException("comment", $"comment must be at most 2000 characters; got {comment.Length}.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ticket = await FindAsync(db, ticketId, cancellationToken);
        if (ticket.CsatRequestedAt is null)
        {
            throw new TicketStateException($"Ticket {ticketId} has not been resolved, so no rating was asked for.");
        }
        ticket.CsatRating = rating;
        ticket.CsatComment = Blank(comment);
        ticket.CsatRatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        await notifier.TicketChangedAsync(new TicketChange(ticketId, TicketChangeKind.Csat, $"The learner rated it {rating}/5", ticket.AssigneeId, ticket.CsatRatedAt.Value), cancellationToken);
        await events.RatedAsync(ticket, cancellationToken);
    }

    /// <summary>The learner says the automated answer (or an agent's) solved it.</summary>
    public async Task ConfirmSolvedAsync(long ticketId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ticket = await FindAsync(db, ticketId, cancellationToken);
        if (ticket.Status is TicketStatus.Resolved or TicketStatus.Closed)
        {
            return;
        }
        var freed = ticket.Status == TicketStatus.Assigned;
        var now = Now;
        ApplyStatus(db, ticket, TicketStatus.Resolved, new Actor(ticket.LearnerId, "the learner"), now);
        ticket.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await notifier.TicketChangedAsync(new TicketChange(ticketId, TicketChangeKind.Status, "The learner confirmed it is solved", ticket.AssigneeId, now), cancellationToken);
        await events.ResolvedAsync(ticket, cancellationToken);
        await AfterStatusAsync(freed, cancellationToken);
    }

    private Task RecordResolutionAsync(Ticket ticket, DateTime? resolvedBefore, CancellationToken cancellationToken) =>
        ticket.ResolvedAt is not null && ticket.ResolvedAt != resolvedBefore ? events.ResolvedAsync(ticket, cancellationToken) : Task.CompletedTask;

    private async Task<RoutingDecision> RouteAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        LearnerFacts? learner;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var profile = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.LearnerId == ticket.LearnerId, cancellationToken);
            learner = profile is null ? null : LearnerFacts.From(profile);
        }
        var facts = new TicketFacts(ticket.Id, ticket.Intent, ticket.Language, ticket.Priority, ticket.Channel, ticket.Sentiment,
            ticket.Urgency, learner, ticket.TagList);
        return await router.RouteNewAsync(ticket, facts, cancellationToken);
    }

    private async Task SendAutoAnswerAsync(Ticket ticket, AutoAnswer answer, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Tickets.FirstAsync(t => t.Id == ticket.Id, cancellationToken);
        var now = Now;
        db.TicketMessages.Add(new TicketMessage
        {
            TicketId = row.Id, Kind = MessageKind.Automated, AuthorName = "Automated answer", Body = TicketText.Shorten(answer.Message, TicketMessage.BodyMaxLength), CreatedAt = now,
        });
        row.AutoReplyArticleId = answer.ArticleId;
        row.AutoRepliedAt = now;
        row.FirstRespondedAt = now;
        row.Status = TicketStatus.Pending;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        ticket.AutoReplyArticleId = row.AutoReplyArticleId;
        ticket.AutoRepliedAt = now;
        ticket.FirstRespondedAt = now;
        ticket.Status = row.Status;
        await notifier.TicketChangedAsync(new TicketChange(ticket.Id, TicketChangeKind.Message, "Answered automatically from the knowledge base", null, now), cancellationToken);
    }

    private void ApplyStatus(OpsDbContext db, Ticket ticket, TicketStatus status, Actor by, DateTime now)
    {
        if (ticket.Status == status)
        {
            return;
        }
        switch (status)
        {
            case TicketStatus.Resolved:
                ticket.ResolvedAt = now;
                if (options.Value.RequestCsat && ticket.CsatRequestedAt is null)
                {
                    ticket.CsatRequestedAt = now;
                    db.TicketMessages.Add(DeskRouter.SystemMessage(ticket.Id, "Satisfaction survey sent to the learner", now));
                }
                break;
            case TicketStatus.Closed:
                ticket.ResolvedAt ??= now;
                ticket.ClosedAt = now;
                break;
            default:
                // Reopened by an agent: the resolution clock runs again.
                ticket.ResolvedAt = null;
                break;
        }
        db.TicketMessages.Add(DeskRouter.SystemMessage(ticket.Id, $"{by.Name}: {ticket.Status.ToString().ToLowerInvariant()} → {status.ToString().ToLowerInvariant()}", now));
        ticket.Status = status;
        ticket.Queue = null;
        ticket.WaitingSince = null;
    }

    private static void TakeOver(OpsDbContext db, Ticket ticket, Actor agent, DateTime now)
    {
        ticket.AssigneeId = agent.Id;
        ticket.Queue = null;
        ticket.WaitingSince = null;
        if (ticket.Status == TicketStatus.New)
        {
            ticket.Status = TicketStatus.Assigned;
        }
        db.TicketAssignments.Add(new TicketAssignment { TicketId = ticket.Id, AgentId = agent.Id, AssignedAt = now, Trigger = "taken", Reason = $"{agent.Name} took it from the queue" });
    }

    /// <summary>An agent who freed a slot takes the oldest ticket waiting for them.</summary>
    private async Task AfterStatusAsync(bool freedSlot, CancellationToken cancellationToken)
    {
        if (freedSlot)
        {
            await router.SweepAsync(cancellationToken);
        }
        else
        {
            await notifier.DeskChangedAsync(cancellationToken);
        }
    }

    private static async Task<Ticket> FindAsync(OpsDbContext db, long ticketId, CancellationToken cancellationToken) =>
        await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken) ?? throw new TicketNotFoundException(ticketId);

    private static async Task<string> LearnerNameAsync(OpsDbContext db, string learnerId, CancellationToken cancellationToken) =>
        await db.LearnerPii.Where(p => p.LearnerId == learnerId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) ?? learnerId;

    private static (string LearnerId, string Subject, string Body, string Channel, IReadOnlyList<string> Tags) Validate(NewTicket request)
    {
        var learnerId = Required(request.LearnerId, "learnerId", Learner.IdMaxLength);
        var subject = Required(request.Subject, "subject", Ticket.SubjectMaxLength);
        var body = Required(request.Body, "body", Ticket.BodyMaxLength);
        var channel = (Blank(request.Channel) ?? "web").ToLowerInvariant();
        if (channel.Length > Ticket.ChannelMaxLength || !ChannelCode().IsMatch(channel))
        {
            throw new TicketRequestException("channel", $"channel must be a short code such as web, app, email or wechat (letters, digits, - and _; at most {Ticket.ChannelMaxLength}); got '{request.Channel}'.");
        }
        Optional(request.OrderId, "orderId", Ticket.ReferenceMaxLength);
        Optional(request.ItemId, "itemId", Ticket.ReferenceMaxLength);
        if (request.Priority is { } p && !Enum.IsDefined(p))
        {
            throw new TicketRequestException("priority", $"priority must be low, normal, high or urgent; got {(int)p}.");
        }
        return (learnerId, subject, body, channel, ValidTags(request.Tags));
    }

    private static IReadOnlyList<string> ValidTags(IReadOnlyList<string>? tags)
    {
        var list = (tags ?? []).Select(t => t?.Trim().ToLowerInvariant() ?? "").ToList();
        if (list.Count > MaxTags)
        {
            throw new TicketRequestException("tags", $"At most {MaxTags} tags; got {list.Count}.");
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Length is 0 or > TicketTags.MaxTagLength || !TagCode().IsMatch(list[i]))
            {
                throw new TicketRequestException($"tags[{i}]", $"A tag is 1 to {TicketTags.MaxTagLength} letters, digits, - or _; got '{tags![i]}'.");
            }
        }
        return list;
    }

    private static string Required(string? value, string field, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new TicketRequestException(field, $"{field} is required.");
        }
        return text.Length <= max ? text : throw new TicketRequestException(field, $"{field} must be at most {max} characters; got {text.Length}.");
    }

    private static void Optional(string? value, string field, int max)
    {
        if (value is { Length: > 0 } && value.Trim().Length > max)
        {
            throw new TicketRequestException(field, $"{field} must be at most {max} characters; got {value.Trim().Length}.");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex ChannelCode();

    [GeneratedRegex("^[\\p{L}\\p{N}_-]+$")]
    private static partial Regex TagCode();

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex IntentCode();
}
