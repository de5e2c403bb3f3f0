using Bunit;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Access;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Live;
using OpsConsole.Web.Components.Support.Desk;
using OpsConsole.Web.Support;

namespace OpsConsole.Tests.Support.Desk;

/// <summary>The supervisors' board and the routing rules editor.</summary>
public sealed class DeskManagerPagesTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly DeskSeed _seed;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public DeskManagerPagesTests()
    {
        _seed = new DeskSeed(_database);
        _seed.Register(Services);
    }

    [Fact]
    public async Task AgentsBoard_DeskPulse_ShowsEachAgentsStatusAndLoadAsItChanges()
    {
        _seed.Agent("li.na@desk.test", "Li Na", capacity: 4);
        _seed.Agent("omar@desk.test", "Omar Haddad", AgentStatus.Away, capacity: 4);
        _seed.Ticket("Refund", assignee: "li.na@desk.test");
        _seed.Ticket("Invoice", assignee: "li.na@desk.test");
        _seed.Ticket("Waiting", age: TimeSpan.FromHours(2));
        SignInAs("Zhao Lei", Roles.SupportAgent);

        var page = RenderWithProviders<DeskAgentsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ops-agent-card").Count));
        var li = page.Find("[data-agent='li.na@desk.test']");
        Assert.Contains("ops-agent-card--online", li.ClassName);
        Assert.Contains("2 / 4", li.QuerySelector(".ops-agent-card__load-text")!.TextContent);
        Assert.Equal("width:50%", li.QuerySelector(".ops-load-bar__fill")!.GetAttribute("style"));
        Assert.Contains("ops-agent-card--away", page.Find("[data-agent='omar@desk.test']").ClassName);
        Assert.Equal("1", page.Find("[data-figure=skill] .ops-desk-figure__value").TextContent);
        Assert.Equal("2 h", page.Find("[data-figure=oldest] .ops-desk-figure__value").TextContent);
        Assert.Empty(page.FindAll(".ops-edit-agent"));

        var live = page.FindComponent<LiveUpdates>();
        await live.InvokeAsync(() => live.Instance.ReceiveDeskChanged(new DeskPulse(0, 0, 0, 3, 0, null,
            [new AgentPulse("li.na@desk.test", "Li Na", AgentStatus.Away, 4, 4), new AgentPulse("omar@desk.test", "Omar Haddad", AgentStatus.Online, 0, 4)])));

        page.WaitForAssertion(() => Assert.Contains("ops-agent-card--away", page.Find("[data-agent='li.na@desk.test']").ClassName));
        Assert.Contains("ops-load-bar__fill--full", page.Find("[data-agent='li.na@desk.test'] .ops-load-bar__fill").ClassName);
        Assert.Contains("ops-agent-card--online", page.Find("[data-agent='omar@desk.test']").ClassName);
    }

    [Fact]
    public async Task RoutingRules_InvalidJson_ListsEveryProblemWithItsPathAndSavesNothing()
    {
        SignInAs("Wang Fang", Roles.Manager);
        var page = RenderWithProviders<DeskRoutingPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-rule-list__empty")));

        page.Find(".ops-json-editor textarea").Input("""
            {"rules":[{"name":"Spenders","conditions":[{"field":"lifetimeSpend","operator":"is","value":"lots"}],"action":{}}]}
            """);
        page.Find(".ops-save-rules").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-rule-errors li")));
        var paths = page.FindAll(".ops-rule-errors li").Select(li => li.GetAttribute("data-path")).ToList();
        Assert.Equal(["rules[0].conditions[0].operator", "rules[0].action"], paths);
        await using var db = _seed.Db();
        Assert.False(await db.SupportSettings.AnyAsync(Ct));
    }

    [Fact]
    public async Task RoutingRules_ValidJson_SavesThemAndListsThemInWords()
    {
        SignInAs("Wang Fang", Roles.Manager);
        var page = RenderWithProviders<DeskRoutingPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-rule-list__empty")));

        page.Find(".ops-json-editor textarea").Input("""
            {"rules":[{"name":"Refunds to seniors","conditions":[{"field":"intent","operator":"is","value":["refund_request","billing"]},
              {"field":"lifetimeSpend","operator":"atLeast","value":2000}],"action":{"routeTo":"senior","setPriority":"high"}}]}
            """);
        page.Find(".ops-save-rules").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-rule-item")));
        var sentence = page.Find(".ops-rule-item .ops-rule-sentence").TextContent;
        Assert.Contains("intent", sentence);
        Assert.Contains("is one of", sentence);
        Assert.Contains("refund request, billing", sentence);
        Assert.Contains("is at least", sentence);
        Assert.Contains("agents in team senior", sentence);
        Assert.Contains("priority High", sentence);
        Assert.Empty(page.FindAll(".ops-rule-errors"));
        await using var db = _seed.Db();
        var stored = RoutingRuleSet.FromJson((await db.SupportSettings.SingleAsync(Ct)).Value);
        Assert.Equal("Refunds to seniors", Assert.Single(stored.Rules).Name);
        Assert.Equal("wang.fang@example.test", (await db.SupportSettings.SingleAsync(Ct)).UpdatedBy);
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
