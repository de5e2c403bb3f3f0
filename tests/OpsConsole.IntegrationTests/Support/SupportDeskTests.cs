using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support;

public sealed class SupportDeskTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Actor Platform = new("platform", "Platform");

    private static readonly Dictionary<string, string?> Lenient = new() { ["Support:Desk:TriageBelowConfidence"] = "0.2" };

    private static NewTicket Refund(string learner = "l-1") => new(learner, "Refund please", "I want a refund for the course I bought, please return my money");

    private static NewTicket Login(string learner = "l-2") => new(learner, "Cannot log in", "I cannot log in to my account, the password reset email never arrives");

    [Theory, DatabaseProviders]
    public async Task CreateAsync_SkilledAgentOnline_AssignsItAndRecordsWhy(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient);
        await world.AgentAsync("login@desk.test", intents: "login_account");
        await world.AgentAsync("refunds@desk.test", intents: "refund_request billing");

        var created = await world.Desk.CreateAsync(Refund(), Platform, Ct);

        Assert.Equal(("refund_request", "refunds@desk.test", TicketStatus.Assigned), (created.Intent, created.AssigneeId, created.Status));
        Assert.Contains("refunds", created.RoutingReason);
        var (agent, summary, _) = Assert.Single(world.Pushes.Assigned);
        Assert.Equal(("refunds@desk.test", created.TicketId), (agent, summary.Id));
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        var assignment = await db.TicketAssignments.SingleAsync(a => a.TicketId == created.TicketId, Ct);
        Assert.Equal(("refunds@desk.test", "new-ticket"), (assignment.AgentId, assignment.Trigger));
        Assert.Contains("free", assignment.Reason);
        var ticket = await world.TicketAsync(created.TicketId);
        // Normal priority: 4 business hours to first response, from a Monday 10:00.
        Assert.Equal(DeskWorld.Start.UtcDateTime.AddHours(4), ticket.FirstResponseDueAt);
        Assert.Equal("en", ticket.Language);
        Assert.NotNull(ticket.Sentiment);
    }

    [Theory, DatabaseProviders]
    public async Task CreateAsync_ManyTicketsAtOnce_EachRoutedOnceAndNoAgentPastCapacity(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient);
        await world.AgentAsync("a@desk.test", capacity: 3);
        await world.AgentAsync("b@desk.test", capacity: 4);

        var created = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => world.Desk.CreateAsync(Login($"l-{i}"), Platform, Ct), Ct)));

        var assigned = created.Where(c => c.AssigneeId is not null).ToList();
        Assert.Equal(7, assigned.Count);
        Assert.Equal(3, assigned.Count(c => c.AssigneeId == "a@desk.test"));
        Assert.All(created.Where(c => c.AssigneeId is null), c => Assert.Equal((TicketStatus.New, TicketQueue.Skill), (c.Status, c.Queue)));
        Assert.Equal(assigned.Select(c => (c.AssigneeId, c.TicketId)).Order(),
            world.Pushes.Assigned.Select(p => ((string?)p.AgentId, p.Ticket.Id)).Order());
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(assigned.Select(c => c.TicketId).Order(), (await db.TicketAssignments.Select(a => a.TicketId).ToListAsync(Ct)).Order());
        var stored = await db.Tickets.ToListAsync(Ct);
        Assert.Equal(24, stored.Count);
        Assert.All(stored, t => Assert.Equal(created.Single(c => c.TicketId == t.Id).AssigneeId, t.AssigneeId));
        Assert.Equal(24, await db.TicketMessages.CountAsync(m => m.Kind == MessageKind.System, Ct));
    }

    [Theory, DatabaseProviders]
    public async Task CreateAsync_ChineseTicket_IsReadAsChineseAndGoesToAChineseSpeaker(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient);
        await world.AgentAsync("en@desk.test", languages: "en", capacity: 20);
        await world.AgentAsync("zh@desk.test", languages: "zh", capacity: 2);

        var created = await world.Desk.CreateAsync(new NewTicket("l-zh", "视频问题", "课程视频一直卡顿，第三课播放不了"), Platform, Ct);

        Assert.Equal(("zh", "video_playback", "zh@desk.test"), (created.Language, created.Intent, created.AssigneeId));
    }

    [Theory, DatabaseProviders]
    public async Task CreateAsync_ModelNotSureEnough_WaitsInTriageUntilAnAgentSetsTheIntent(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, new Dictionary<string, string?> { ["Support:Desk:TriageBelowConfidence"] = "1" });
        await world.AgentAsync("any@desk.test");

        var created = await world.Desk.CreateAsync(Login(), Platform, Ct);
        Assert.Equal((TicketQueue.Triage, (string?)null), (created.Queue, created.AssigneeId));
        Assert.Contains("triage", created.RoutingReason);

        await world.Desk.SetIntentAsync(created.TicketId, "login_account", new Actor("lead@desk.test", "Lead"), Ct);

        var ticket = await world.TicketAsync(created.TicketId);
        Assert.Equal(("login_account", true, "any@desk.test", TicketStatus.Assigned), (ticket.Intent, ticket.IntentConfirmed, ticket.AssigneeId, ticket.Status));
    }

    [Theory, DatabaseProviders]
    public async Task SetStatusAsync_AgentComesOnline_TakesTheOldestWaitingTicketsFirst(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient);
        await world.AgentAsync("agent@desk.test", capacity: 2, status: AgentStatus.Offline);
        var first = await world.Desk.CreateAsync(Login("l-a"), Platform, Ct);
        world.Advance(TimeSpan.FromMinutes(1));
        var second = await world.Desk.CreateAsync(Refund("l-b"), Platform, Ct);
        world.Advance(TimeSpan.FromMinutes(1));
        var third = await world.Desk.CreateAsync(Login("l-c"), Platform, Ct);
        Assert.All([first, second, third], t => Assert.Equal(TicketQueue.Skill, t.Queue));

        await world.Agents.SetStatusAsync("agent@desk.test", AgentStatus.Online, Ct);

        Assert.Equal("agent@desk.test", (await world.TicketAsync(first.TicketId)).AssigneeId);
        Assert.Equal("agent@desk.test", (await world.TicketAsync(second.TicketId)).AssigneeId);
        var last = await world.TicketAsync(third.TicketId);
        Assert.Equal((null, TicketStatus.New), (last.AssigneeId, last.Status));
    }

    [Theory, DatabaseProviders]
    public async Task ReplyAsync_AgentFreesASlot_TheOldestWaitingTicketIsAssignedAtOnce(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient);
        await world.AgentAsync("solo@desk.test", capacity: 1);
        var held = await world.Desk.CreateAsync(Login("l-a"), Platform, Ct);
        world.Advance(TimeSpan.FromMinutes(1));
        var waiting = await world.Desk.CreateAsync(Refund("l-b"), Platform, Ct);
        Assert.Null(waiting.AssigneeId);

        await world.Desk.ReplyAsync(held.TicketId, new Actor("solo@desk.test", "Solo"), "Reset link sent again.", cancellationToken: Ct);

        var answered = await world.TicketAsync(held.TicketId);
        Assert.Equal((TicketStatus.Pending, DeskWorld.Start.UtcDateTime.AddMinutes(1)), (answered.Status, answered.FirstRespondedAt));
        Assert.Equal("solo@desk.test", (await world.TicketAsync(waiting.TicketId)).AssigneeId);
    }

    [Theory, DatabaseProviders]
    public async Task SweepAsync_NoSkilledAgentWithinTheFallback_GeneralQueueLetsAnyOnlineAgentTakeIt(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, new Dictionary<string, string?>(Lenient) { ["Support:Routing:FallbackAfterMinutes"] = "10" });
        await world.AgentAsync("video@desk.test", intents: "video_playback");
        var created = await world.Desk.CreateAsync(Refund(), Platform, Ct);
        Assert.Equal(TicketQueue.Skill, created.Queue);

        world.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await world.Router.SweepAsync(Ct));
        world.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await world.Router.SweepAsync(Ct));

        Assert.Equal("video@desk.test", (await world.TicketAsync(created.TicketId)).AssigneeId);
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        Assert.Contains(await db.TicketMessages.Where(m => m.TicketId == created.TicketId).Select(m => m.Body).ToListAsync(Ct), b => b.Contains("general queue"));
    }

    [Theory, DatabaseProviders]
    public async Task CreateAsync_RuleForBigSpendersRefunds_GoesToSeniorAgentsWithHigherPriority(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient);
        await world.AgentAsync("junior@desk.test", capacity: 9);
        await world.AgentAsync("senior@desk.test", tags: "senior", capacity: 1);
        Assert.Empty(await world.Settings.SaveRoutingRulesAsync("""
            {"rules":[{"name":"Big refunds to seniors","conditions":[{"field":"intent","operator":"is","value":"refund_request"},
              {"field":"lifetimeSpend","operator":"atLeast","value":2000}],"action":{"routeTo":"senior","setPriority":"high","addTags":["vip"]}}]}
            """, "manager@desk.test", Ct));
        await world.ProfileAsync("big", 2500);
        await world.ProfileAsync("small", 100);

        var big = await world.Desk.CreateAsync(Refund("big"), Platform, Ct);
        var small = await world.Desk.CreateAsync(Refund("small"), Platform, Ct);

        Assert.Equal(("senior@desk.test", TicketPriority.High), (big.AssigneeId, big.Priority));
        Assert.Equal("vip", (await world.TicketAsync(big.TicketId)).Tags);
        Assert.Equal(("junior@desk.test", TicketPriority.Normal), (small.AssigneeId, small.Priority));
    }

    [Theory, DatabaseProviders]
    public async Task LearnerReplyAsync_ResolvedTicket_ReopensWithTheSameAgent_ClosedTicketRefuses(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient);
        await world.AgentAsync("agent@desk.test");
        var agent = new Actor("agent@desk.test", "Agent");
        var created = await world.Desk.CreateAsync(Login(), Platform, Ct);
        await world.Desk.ReplyAsync(created.TicketId, agent, "Fixed.", then: TicketStatus.Resolved, cancellationToken: Ct);
        Assert.NotNull((await world.TicketAsync(created.TicketId)).ResolvedAt);

        await world.Desk.LearnerReplyAsync(created.TicketId, "Still cannot log in.", Ct);

        var reopened = await world.TicketAsync(created.TicketId);
        Assert.Equal((TicketStatus.Assigned, "agent@desk.test", (DateTime?)null), (reopened.Status, reopened.AssigneeId, reopened.ResolvedAt));
        await world.Desk.SetStatusAsync(created.TicketId, TicketStatus.Closed, agent, Ct);
        var error = await Assert.ThrowsAsync<TicketStateException>(() => world.Desk.LearnerReplyAsync(created.TicketId, "Hello?", Ct));
        Assert.Contains("closed", error.Message);
    }

    [Theory, DatabaseProviders]
    public async Task RateAsync_AfterResolution_StoresTheRating_BeforeItRefuses(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient);
        await world.AgentAsync("agent@desk.test");
        var created = await world.Desk.CreateAsync(Login(), Platform, Ct);
        await Assert.ThrowsAsync<TicketStateException>(() => world.Desk.RateAsync(created.TicketId, 5, null, Ct));

        world.Advance(TimeSpan.FromMinutes(5));
        await world.Desk.SetStatusAsync(created.TicketId, TicketStatus.Resolved, new Actor("agent@desk.test", "Agent"), Ct);
        world.Advance(TimeSpan.FromMinutes(5));
        await world.Desk.RateAsync(created.TicketId, 4, "quick", Ct);

        var ticket = await world.TicketAsync(created.TicketId);
        Assert.Equal((4, "quick"), (ticket.CsatRating, ticket.CsatComment));
        Assert.NotNull(ticket.CsatRequestedAt);
        var bad = await Assert.ThrowsAsync<TicketRequestException>(() => world.Desk.RateAsync(created.TicketId, 6, null, Ct));
        Assert.Equal("rating", bad.Field);
        // The outcomes come back as the learner's events, like any other activity.
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        var types = await db.Events.Where(e => e.LearnerId == "l-2").OrderBy(e => e.OccurredAt).Select(e => e.Type).ToListAsync(Ct);
        Assert.Equal([OpsConsole.Ingestion.EventType.TicketOpened, OpsConsole.Ingestion.EventType.TicketResolved, OpsConsole.Ingestion.EventType.TicketRated], types);
    }

    [Theory, DatabaseProviders]
    public async Task WatchSlaAsync_TargetNearsAndPassesDue_WarnsOnceThenBreachesOnce(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient);
        var created = await world.Desk.CreateAsync(Login() with { Priority = TicketPriority.Urgent }, Platform, Ct);

        Assert.Equal((0, 0), await world.Upkeep.WatchSlaAsync(Ct));
        world.Advance(TimeSpan.FromMinutes(23));
        Assert.Equal((1, 0), await world.Upkeep.WatchSlaAsync(Ct));
        Assert.Equal((0, 0), await world.Upkeep.WatchSlaAsync(Ct));
        world.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal((0, 1), await world.Upkeep.WatchSlaAsync(Ct));
        Assert.Equal((0, 0), await world.Upkeep.WatchSlaAsync(Ct));

        var kinds = world.Pushes.Changes.Where(c => c.TicketId == created.TicketId).Select(c => c.Kind).ToList();
        Assert.Equal(1, kinds.Count(k => k == TicketChangeKind.SlaWarning));
        Assert.Equal(1, kinds.Count(k => k == TicketChangeKind.SlaBreach));
        Assert.Equal(SlaAlerts.FirstResponseWarned | SlaAlerts.FirstResponseBreached, (await world.TicketAsync(created.TicketId)).SlaAlerts);
    }

    [Theory, DatabaseProviders]
    public async Task CreateAsync_AutomatedAnswerAllowed_AnswersAndWaitsThenAskingForAPersonRoutes(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider, Lenient, new AnswersLogins());
        await world.AgentAsync("agent@desk.test");

        var created = await world.Desk.CreateAsync(Login(), Platform, Ct);
        Assert.True(created.AutoReplied);
        var answered = await world.TicketAsync(created.TicketId);
        Assert.Equal((TicketStatus.Pending, (string?)null, 7), (answered.Status, answered.AssigneeId, answered.AutoReplyArticleId));
        Assert.NotNull(answered.FirstRespondedAt);

        await world.Desk.LearnerReplyAsync(created.TicketId, "That did not help, I want an agent", Ct);

        var routed = await world.TicketAsync(created.TicketId);
        Assert.Equal((true, "agent@desk.test", TicketStatus.Assigned), (routed.HumanRequested, routed.AssigneeId, routed.Status));
    }

    [Theory]
    [InlineData(null, "s", "b", "web", "learnerId")]
    [InlineData("l-1", " ", "b", "web", "subject")]
    [InlineData("l-1", "s", "", "web", "body")]
    [InlineData("l-1", "s", "b", "we b", "channel")]
    public async Task CreateAsync_BadField_IsRefusedNamingItAndStoresNothing(string? learner, string? subject, string? body, string channel, string field)
    {
        await using var world = await DeskWorld.CreateAsync(DatabaseProvider.Sqlite, Lenient);

        var error = await Assert.ThrowsAsync<TicketRequestException>(() => world.Desk.CreateAsync(new NewTicket(learner, subject, body, channel), Platform, Ct));

        Assert.Equal(field, error.Field);
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Tickets.CountAsync(Ct));
    }

    private sealed class AnswersLogins : IAutoResponder
    {
        public Task<AutoAnswer?> AnswerAsync(Ticket ticket, CancellationToken cancellationToken) =>
            Task.FromResult(ticket.Intent == "login_account" ? new AutoAnswer(7, "Automated answer: reset your password here.") : null);

        public bool IsHumanRequest(string text) => text.Contains("agent", StringComparison.OrdinalIgnoreCase);
    }
}
