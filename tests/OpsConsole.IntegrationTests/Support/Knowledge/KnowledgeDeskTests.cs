using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support.Knowledge;

/// <summary>The desk with the knowledge base's automatic first reply, over a real database.</summary>
public sealed class KnowledgeDeskTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Actor Platform = new("platform", "Platform");
    private static readonly Dictionary<string, string?> Lenient = new() { ["Support:Desk:TriageBelowConfidence"] = "0.2" };

    [Theory, DatabaseProviders]
    public async Task CreateAsync_AllowedIntentWithAnArticle_SendsTheArticleThenAskingForAPersonRoutesIt(DatabaseProvider provider)
    {
        var responder = new ResponderOnceReady();
        await using var world = await DeskWorld.CreateAsync(provider, Lenient, responder);
        var index = new KnowledgeIndex(world.Database.Contexts, TimeProvider.System);
        var policy = new AutoReplyPolicy(world.Database.Contexts, index, TimeProvider.System);
        responder.Inner = new KnowledgeAutoResponder(policy, NullLogger<KnowledgeAutoResponder>.Instance);
        var article = await new KnowledgeBase(world.Database.Contexts, index, TimeProvider.System).CreateArticleAsync(
            new ArticleDraft("Cannot log in or reset the password", "Tap Forgot password on the sign-in page; the reset email can take a few minutes, so check spam.", ["login_account"]), "manager", Ct);
        await policy.SaveSettingsAsync(new AutoReplySettings(true, ["login_account"], 0.3), "manager", Ct);
        await world.AgentAsync("agent@desk.test");

        var created = await world.Desk.CreateAsync(new NewTicket("l-2", "Cannot log in", "I cannot log in to my account, the password reset email never arrives"), Platform, Ct);

        Assert.True(created.AutoReplied);
        var answered = await world.TicketAsync(created.TicketId);
        Assert.Equal((article.Id, TicketStatus.Pending, (string?)null), (answered.AutoReplyArticleId, answered.Status, answered.AssigneeId));
        await using (var db = await world.Database.Contexts.CreateDbContextAsync(Ct))
        {
            var automated = await db.TicketMessages.SingleAsync(m => m.TicketId == created.TicketId && m.Kind == MessageKind.Automated, Ct);
            Assert.StartsWith("[Automated reply]", automated.Body);
            Assert.Contains(article.Body, automated.Body);
        }

        await world.Desk.LearnerReplyAsync(created.TicketId, "Agent please", Ct);

        var routed = await world.TicketAsync(created.TicketId);
        Assert.Equal((true, "agent@desk.test"), (routed.HumanRequested, routed.AssigneeId));
        Assert.Equal(new AutoReplyStats(1, 1, 0, 1), await policy.StatsAsync(cancellationToken: Ct));
    }

    [Theory, DatabaseProviders]
    public async Task CreateAsync_IntentNotAllowed_RoutesToAnAgentWithoutAnAutomatedMessage(DatabaseProvider provider)
    {
        var responder = new ResponderOnceReady();
        await using var world = await DeskWorld.CreateAsync(provider, Lenient, responder);
        var index = new KnowledgeIndex(world.Database.Contexts, TimeProvider.System);
        var policy = new AutoReplyPolicy(world.Database.Contexts, index, TimeProvider.System);
        responder.Inner = new KnowledgeAutoResponder(policy, NullLogger<KnowledgeAutoResponder>.Instance);
        await new KnowledgeBase(world.Database.Contexts, index, TimeProvider.System).CreateArticleAsync(
            new ArticleDraft("Refund policy", "Refunds within 7 days.", ["refund_request"]), "manager", Ct);
        await policy.SaveSettingsAsync(new AutoReplySettings(true, ["invoice"], 0.3), "manager", Ct);
        await world.AgentAsync("agent@desk.test");

        var created = await world.Desk.CreateAsync(new NewTicket("l-3", "Refund", "I want a refund for this course, please return my money"), Platform, Ct);

        Assert.False(created.AutoReplied);
        Assert.Equal("agent@desk.test", (await world.TicketAsync(created.TicketId)).AssigneeId);
    }

    /// <summary>The desk is built before the knowledge services that share its database, so the responder is handed over after.</summary>
    private sealed class ResponderOnceReady : IAutoResponder
    {
        public IAutoResponder? Inner { get; set; }

        public Task<AutoAnswer?> AnswerAsync(Ticket ticket, CancellationToken cancellationToken) => Inner!.AnswerAsync(ticket, cancellationToken);

        public bool IsHumanRequest(string text) => Inner!.IsHumanRequest(text);
    }
}
