using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Live;
using OpsConsole.Web.Components.Support.Desk;

namespace OpsConsole.Tests.Support.Desk;

public sealed class DeskQueuePageTests : ComponentTestBase, IDisposable
{
    private const string Me = "zhao.lei@example.test";
    private readonly TestDatabase _database = new();
    private readonly DeskSeed _seed;

    public DeskQueuePageTests()
    {
        _seed = new DeskSeed(_database);
        _seed.Register(Services);
        _seed.Agent(Me, "Zhao Lei");
        _seed.Agent("li.na@example.test", "Li Na");
        SignInAs("Zhao Lei", Roles.SupportAgent);
    }

    private IRenderedComponent<ContainerFragment> Open() => RenderWithProviders<DeskQueuePage>();

    [Fact]
    public void Render_AgentWithTickets_ListsTheirOpenTicketsWithChipsAndSlaState()
    {
        var late = _seed.Ticket("Refund for Docker course", assignee: Me, age: TimeSpan.FromDays(3));
        var fresh = _seed.Ticket("Cannot play lesson 3", assignee: Me, intent: "video_playback", confidence: 0.55, priority: TicketPriority.High);
        _seed.Ticket("Someone else's ticket", assignee: "li.na@example.test");
        _seed.Ticket("Waiting in the queue");

        var page = Open();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ops-queue-row").Count));
        var rows = page.FindAll(".ops-queue-row");
        Assert.Contains("Cannot play lesson 3", rows[0].TextContent);
        Assert.Contains("Refund for Docker course", rows[1].TextContent);
        Assert.Equal("High", rows[0].QuerySelector(".ops-chip--priority-high")!.TextContent);
        Assert.Equal("Assigned", rows[0].QuerySelector(".ops-chip--status-assigned")!.TextContent);
        Assert.Contains("video playback", rows[0].QuerySelector(".ops-chip--intent")!.TextContent);
        Assert.Contains("55%", rows[0].QuerySelector(".ops-chip--confidence-medium")!.TextContent);
        Assert.NotNull(rows[0].QuerySelector(".ops-sla--ontrack"));
        // Friday 10:00 to Monday 10:00 is nine business hours: the four-hour first response is five hours late.
        Assert.Contains("5 h overdue", rows[1].QuerySelector(".ops-sla--breached")!.TextContent);
        Assert.Equal("2", page.Find("[data-view=mine] .ops-queue-tab__count").TextContent);
        Assert.Equal("1", page.Find("[data-view=unassigned] .ops-queue-tab__count").TextContent);
        Assert.Equal("Online", page.Find(".ops-presence-switch__label").TextContent);
        Assert.Contains($"#{late.Id}", rows[1].TextContent);
        Assert.Contains($"#{fresh.Id}", rows[0].TextContent);
    }

    [Fact]
    public void Render_NothingAssigned_ShowsTheViewsEmptyState()
    {
        _seed.Ticket("Waiting in the queue");

        var page = Open();

        page.WaitForAssertion(() => Assert.Contains("Nothing waiting on you", page.Find(".ops-queue-empty").TextContent));
        Assert.Empty(page.FindAll(".ops-queue-row"));
    }

    [Fact]
    public void SelectView_Unassigned_ListsTheWaitingTicketsAndExportsThatView()
    {
        _seed.Ticket("Mine already", assignee: Me);
        _seed.Ticket("Waiting in the queue");
        var page = Open();
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-queue-row")));

        page.Find("[data-view=unassigned]").Click();

        page.WaitForAssertion(() => Assert.Contains("Waiting in the queue", page.Find(".ops-queue-row").TextContent));
        Assert.Contains("Skill queue", page.Find(".ops-queue-row .ops-queue-name").TextContent);
        Assert.StartsWith("/support/export.csv?view=unassigned", page.Find("a.ops-export").GetAttribute("href"));
    }

    [Fact]
    public async Task OnReconnected_TicketRoutedWhileTheHubWasDown_ListsIt()
    {
        var page = Open();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-queue-empty")));
        var live = page.FindComponent<LiveUpdates>();
        await live.InvokeAsync(() => live.Instance.OnState("live"));
        await live.InvokeAsync(() => live.Instance.OnState("reconnecting"));
        // Routed while the connection was down: its push never arrived.
        _seed.Ticket("Invoice for my company", assignee: Me);

        await live.InvokeAsync(() => live.Instance.OnState("live"));

        page.WaitForAssertion(() => Assert.Contains("Invoice for my company", page.Find(".ops-queue-row").TextContent), TimeSpan.FromSeconds(5));
        Assert.Equal("1", page.Find("[data-figure=open] .ops-desk-figure__value").TextContent.Trim());
    }

    [Fact]
    public async Task OnTicketAssigned_FromTheHub_ToastsAndListsTheTicketAtOnce()
    {
        var page = Open();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-queue-empty")));
        var routed = _seed.Ticket("Invoice for my company", assignee: Me);
        var live = page.FindComponent<LiveUpdates>();

        await live.InvokeAsync(() => live.Instance.ReceiveTicketAssigned(TicketSummary.Of(routed), "Zhao Lei has 8 of 8 slots free"));

        page.WaitForAssertion(() => Assert.Contains($"Ticket #{routed.Id} assigned to you: Invoice for my company", page.Find(".mud-snackbar").TextContent));
        var row = page.Find(".ops-queue-row");
        Assert.Contains("Invoice for my company", row.TextContent);
        Assert.Contains("ops-queue-row--fresh", row.ClassName);
        Assert.Equal("1", page.Find("[data-view=mine] .ops-queue-tab__count").TextContent);
    }

    [Fact]
    public void NewTicket_SubjectMissing_NamesTheFieldAndCreatesNothing()
    {
        var page = Open();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-new-ticket")));
        page.Find(".ops-new-ticket").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-new-ticket-dialog")));

        page.Find("input[data-field=learnerId]").Change("u-1024");
        page.Find("textarea[data-field=body]").Change("The video of lesson 2 never loads.");
        page.Find(".ops-create-ticket").Click();

        page.WaitForAssertion(() => Assert.Contains("subject is required.", page.Find("input[data-field=subject]").Closest(".mud-input-control")!.TextContent));
        using var db = _seed.Db();
        Assert.Empty(db.Tickets);
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
