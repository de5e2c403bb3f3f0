using Bunit;
using Bunit.Rendering;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Access;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Live;
using OpsConsole.Web.Components.Support.Desk;
using OpsConsole.Web.Support;

namespace OpsConsole.Tests.Support.Desk;

public sealed class DeskTicketPageTests : ComponentTestBase, IDisposable
{
    private const string Me = "zhao.lei@example.test";
    private readonly TestDatabase _database = new();
    private readonly DeskSeed _seed;
    private readonly BunitJSModuleInterop _connection;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public DeskTicketPageTests()
    {
        _seed = new DeskSeed(_database);
        _seed.Register(Services);
        _seed.Agent(Me, "Zhao Lei");
        _seed.Agent("li.na@example.test", "Li Na");
        _seed.Learner("u-7", "王芳", "wang.fang@example.com");
        _connection = JSInterop.SetupModule(LiveUpdates.ModulePath).SetupModule("connect", _ => true);
        SignInAs("Zhao Lei", Roles.SupportAgent);
    }

    private IRenderedComponent<ContainerFragment> Open(long id)
    {
        var page = RenderWithProviders<DeskTicketPage>((nameof(DeskTicketPage.Id), id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-thread")));
        return page;
    }

    [Fact]
    public void Render_Conversation_StylesEachKindOfEntryApart()
    {
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7", learnerName: "王芳");
        _seed.Message(ticket.Id, MessageKind.Automated, "Automated answer", "Refunds within 7 days are automatic: open Orders and choose Refund.", 1);
        _seed.Message(ticket.Id, MessageKind.System, "OpsConsole", "Matched rule 'Refunds' → senior", 2);
        _seed.Message(ticket.Id, MessageKind.Note, "Zhao Lei", "Bought twice by mistake; refund the second order.", 3);
        _seed.Message(ticket.Id, MessageKind.Agent, "Zhao Lei", "I have refunded order demo-1.", 4);

        var page = Open(ticket.Id);

        Assert.Equal(["learner", "automated", "system", "note", "agent"], page.FindAll(".ops-thread [data-kind]").Select(e => e.GetAttribute("data-kind")));
        var learner = page.Find(".ops-message--learner");
        Assert.Contains("王*", learner.QuerySelector(".ops-message__author")!.TextContent);
        Assert.Contains("Automated answer", page.Find(".ops-message--automated .ops-message__kind").TextContent);
        Assert.Contains("knowledge base", page.Find(".ops-message--automated .ops-message__foot").TextContent);
        Assert.Contains("Internal note", page.Find(".ops-message--note .ops-message__kind").TextContent);
        Assert.Contains("Matched rule 'Refunds'", page.Find(".ops-thread__system").TextContent);
        Assert.Contains("w***@example.com", page.Find(".ops-learner-context [data-pii=email]").TextContent);
        Assert.DoesNotContain("wang.fang@example.com", page.Markup);
        Assert.Contains("not available yet", page.Find("[data-slot=churn-risk]").TextContent);
        Assert.NotNull(page.Find("[data-slot=suggested-answers]"));
    }

    [Fact]
    public void Reveal_OnTheLearnerCard_UnmasksTheWholeTicketAndWritesTheAuditEntry()
    {
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7", learnerName: "王芳");
        var page = Open(ticket.Id);

        page.Find(".ops-learner-context .ops-reveal").Click();

        page.WaitForAssertion(() => Assert.Contains("wang.fang@example.com", page.Find(".ops-learner-context [data-pii=email]").TextContent));
        Assert.Contains("王芳", page.Find(".ops-message--learner .ops-message__author").TextContent);
        using var db = new OpsConsole.Data.OpsDbContext(_database.Options);
        var entry = Assert.Single(db.AuditLog);
        Assert.Equal((Me, OpsConsole.Privacy.AuditActions.PiiReveal, "u-7"), (entry.Actor, entry.Action, entry.Target));
    }

    [Fact]
    public async Task Reply_Written_GoesThroughTheDeskAndTheTicketWaitsOnTheLearner()
    {
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7");
        var page = Open(ticket.Id);

        page.Find(".ops-reply textarea").Input("Your refund is on its way.");
        page.Find(".ops-reply-send").Click();

        page.WaitForAssertion(() => Assert.Contains("Your refund is on its way.", page.Find(".ops-message--agent").TextContent));
        await using var db = _seed.Db();
        var reply = await db.TicketMessages.SingleAsync(m => m.TicketId == ticket.Id && m.Kind == MessageKind.Agent, Ct);
        Assert.Equal((Me, "Zhao Lei"), (reply.AuthorId, reply.AuthorName));
        Assert.Equal(TicketStatus.Pending, (await db.Tickets.SingleAsync(t => t.Id == ticket.Id, Ct)).Status);
        Assert.Contains(_seed.Pushes.Changes, c => c.TicketId == ticket.Id && c.Kind == TicketChangeKind.Message);
        // Colleagues saw the reply being written, then saw it stop.
        Assert.Equal([true, false], _connection.Invocations["setReplying"].Select(i => (bool)i.Arguments[1]!));
        Assert.Empty(page.Find(".ops-reply textarea").GetAttribute("value") ?? "");
    }

    [Fact]
    public void SuggestedAnswers_ArticleForTheIntent_InsertsItsWholeBodyIntoTheReply()
    {
        _seed.Article("How refunds work", "Refunds within 7 days go back to the original payment.\nOpen Orders, pick the order and choose Refund.", "refund_request");
        _seed.Article("Certificates", "Certificates are issued when every lesson of a course is complete.", "certificate");
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7");

        var page = Open(ticket.Id);

        page.WaitForAssertion(() => Assert.Contains("How refunds work", page.Find(".ops-suggestion--article .ops-suggestion__title").TextContent));
        Assert.Contains("for this intent", page.Find(".ops-suggestion--article").TextContent);
        page.Find(".ops-suggestion--article .ops-suggestion-insert").Click();
        page.WaitForAssertion(() => Assert.Equal(
            "Refunds within 7 days go back to the original payment.\nOpen Orders, pick the order and choose Refund.",
            page.Find(".ops-reply textarea").GetAttribute("value")));
        Assert.Equal([true], _connection.Invocations["setReplying"].Select(i => (bool)i.Arguments[1]!));
    }

    [Fact]
    public async Task SuggestedAnswers_CannedResponse_FillsTheTicketsValuesAndNamesWhatIsLeft()
    {
        _seed.Canned("Refund done", "Hi {{learner.name}}, order {{order.id}} for {{course.title}} is refunded. {{agent.name}}", "refund_request");
        _seed.Canned("Greeting", "Hello {{learner.name}}!", "");
        _seed.Canned("中文问候", "您好 {{learner.name}}", "", language: "zh");
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7");
        await using (var db = _seed.Db())
        {
            (await db.Tickets.SingleAsync(t => t.Id == ticket.Id, Ct)).OrderId = "demo-9";
            await db.SaveChangesAsync(Ct);
        }

        var page = Open(ticket.Id);
        page.WaitForAssertion(() => Assert.Contains("Canned (2)", page.Find(".ops-suggested__tabs").TextContent));
        page.FindAll(".ops-suggested__tabs .mud-tab").Single(t => t.TextContent.Contains("Canned")).Click();

        // Until the agent reveals the learner's contact details (audited), no name reaches a reply, masked or not.
        Assert.StartsWith("Hi {{learner.name}},", page.Find(".ops-suggestion--canned .ops-suggestion__text").TextContent);
        page.Find(".ops-learner-context .ops-reveal").Click();
        page.WaitForAssertion(() => Assert.Contains("Canned (2)", page.Find(".ops-suggested__tabs").TextContent));
        page.FindAll(".ops-suggested__tabs .mud-tab").Single(t => t.TextContent.Contains("Canned")).Click();

        var canned = page.FindAll(".ops-suggestion--canned");
        Assert.Equal(["Refund done", "Greeting"], canned.Select(c => c.QuerySelector(".ops-suggestion__title")!.TextContent));
        Assert.Equal("Hi 王芳, order demo-9 for {{course.title}} is refunded. Zhao Lei", canned[0].QuerySelector(".ops-suggestion__text")!.TextContent);
        Assert.Contains("{{course.title}}", canned[0].QuerySelector(".ops-suggestion__warning")!.TextContent);
        Assert.Null(canned[1].QuerySelector(".ops-suggestion__warning"));
        canned[1].QuerySelector(".ops-suggestion-insert")!.Click();
        page.WaitForAssertion(() => Assert.Equal("Hello 王芳!", page.Find(".ops-reply textarea").GetAttribute("value")));
    }

    [Fact]
    public void SuggestedAnswers_ResolvedTicketLikeThisOne_OffersItsReply()
    {
        var earlier = _seed.Ticket("Refund for Kubernetes course", assignee: Me, status: TicketStatus.Resolved, learner: "u-8");
        _seed.Message(earlier.Id, MessageKind.Agent, "Zhao Lei", "I have refunded your Kubernetes course order; it reaches your card in 3 days.", 5);
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7");

        var page = Open(ticket.Id);
        page.WaitForAssertion(() => Assert.Contains("Past replies (1)", page.Find(".ops-suggested__tabs").TextContent));
        page.FindAll(".ops-suggested__tabs .mud-tab").Single(t => t.TextContent.Contains("Past replies")).Click();

        var reply = page.Find(".ops-suggestion--reply");
        Assert.Equal($"/support/tickets/{earlier.Id}", reply.QuerySelector("a.ops-suggestion__title")!.GetAttribute("href"));
        Assert.Contains("reaches your card in 3 days", reply.QuerySelector(".ops-suggestion__text")!.TextContent);
    }

    [Fact]
    public void SuggestedAnswers_NothingFits_SaysSo()
    {
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7");

        var page = Open(ticket.Id);

        page.WaitForAssertion(() => Assert.Contains("Nothing in the knowledge base", page.Find(".ops-suggested").TextContent));
    }

    [Fact]
    public async Task Note_Written_StaysInternalAndLeavesTheStatus()
    {
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7");
        var page = Open(ticket.Id);

        page.Find(".ops-reply textarea").Input("Check the second order first.");
        page.Find(".ops-reply-note").Click();

        page.WaitForAssertion(() => Assert.Contains("Check the second order first.", page.Find(".ops-message--note").TextContent));
        await using var db = _seed.Db();
        Assert.Equal(TicketStatus.Assigned, (await db.Tickets.SingleAsync(t => t.Id == ticket.Id, Ct)).Status);
    }

    [Fact]
    public async Task OnTicketViewers_ColleagueReplying_ShowsWhoIsWritingAboveTheReplyBox()
    {
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7");
        var page = Open(ticket.Id);
        var live = page.FindComponent<LiveUpdates>();

        await live.InvokeAsync(() => live.Instance.ReceiveTicketViewers(ticket.Id,
            [new TicketViewer(Me, "Zhao Lei", false), new TicketViewer("li.na@example.test", "Li Na", true)]));

        page.WaitForAssertion(() => Assert.Contains("Li Na is replying…", page.Find(".ops-collision").TextContent));
        var avatar = page.Find(".ops-viewers__avatar");
        Assert.Equal("li.na@example.test", avatar.GetAttribute("data-agent"));
        Assert.Contains("ops-viewers__avatar--replying", avatar.ClassName);
        Assert.Single(page.FindAll(".ops-viewers__avatar"));

        await live.InvokeAsync(() => live.Instance.ReceiveTicketViewers(ticket.Id, [new TicketViewer(Me, "Zhao Lei", false)]));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".ops-collision")));
    }

    [Fact]
    public async Task ConfirmIntent_ModelReading_BecomesAnAgentsLabel()
    {
        var ticket = _seed.Ticket("Refund for Docker course", assignee: Me, learner: "u-7", confidence: 0.72);
        var page = Open(ticket.Id);

        page.Find(".ops-confirm-intent").Click();

        page.WaitForAssertion(() => Assert.Contains("Confirmed by an agent", page.Find(".ops-reading").TextContent));
        await using var db = _seed.Db();
        var stored = await db.Tickets.SingleAsync(t => t.Id == ticket.Id, Ct);
        Assert.Equal(("refund_request", true), (stored.Intent, stored.IntentConfirmed));
    }

    [Fact]
    public void Render_UnknownTicket_SaysSo()
    {
        var page = RenderWithProviders<DeskTicketPage>((nameof(DeskTicketPage.Id), 404L));

        page.WaitForAssertion(() => Assert.Contains("No ticket has this number", page.Markup));
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
