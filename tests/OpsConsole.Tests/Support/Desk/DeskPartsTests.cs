using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using OpsConsole.Support;
using OpsConsole.Web.Components.Support.Desk;
using OpsConsole.Web.Support;

namespace OpsConsole.Tests.Support.Desk;

public sealed class DeskPartsTests
{
    [Fact]
    public void ToExportUrl_ThenParse_GivesTheSameQueryWithTheCallerForMine()
    {
        var query = new TicketQuery(TicketView.Mine, AgentId: "me@desk.test", Search: "refund", Status: TicketStatus.Pending, Priority: TicketPriority.High,
            Intent: "refund_request", Language: "zh", Sort: TicketSort.Due, Descending: false);

        var url = TicketListQuery.ToExportUrl(query);
        var parsed = TicketListQuery.Parse(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + url).Query)), "caller@desk.test");

        Assert.StartsWith(TicketListQuery.ExportPath + "?", url);
        Assert.DoesNotContain("me%40desk.test", url);
        Assert.Equal(query with { AgentId = "caller@desk.test" }, parsed);
    }

    [Fact]
    public void Parse_OtherViewAndNonsense_IgnoresTheCallerAndFallsBackToDefaults()
    {
        var parsed = TicketListQuery.Parse(new QueryCollection(new Dictionary<string, StringValues>
        {
            ["view"] = "unassigned", ["status"] = "7", ["priority"] = "soon", ["sort"] = "sideways",
        }), "caller@desk.test");

        Assert.Equal(new TicketQuery(TicketView.Unassigned), parsed);
    }

    [Fact]
    public async Task WriteAsync_Tickets_WritesOneQuotedRowEach()
    {
        var at = new DateTime(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc);
        var ticket = new TicketSummary(7, "Refund, please", "u-1", TicketStatus.Assigned, TicketPriority.High, "en", "web", "refund_request", 0.9, null, "a@desk.test",
            at, at, at.AddHours(4), null, SlaAlerts.None, -0.25);
        var output = new StringWriter(CultureInfo.InvariantCulture);

        await TicketExport.WriteAsync(new[] { ticket }.ToAsyncEnumerable(), output, TestContext.Current.CancellationToken);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(TicketExport.Header, lines[0]);
        Assert.Equal("7,\"Refund, please\",u-1,assigned,high,en,web,refund_request,0.900,,a@desk.test,2026-06-01T10:00:00Z,2026-06-01T10:00:00Z,2026-06-01T14:00:00Z,,-0.250", lines[1]);
    }

    [Fact]
    public void Parse_EntitiesFromTheReader_ListsEachFinding()
    {
        const string json = """
            {"orderIds":["demo-1024"],"titles":[{"itemId":"c-docker","title":"Docker in Practice","score":0.9}],"emails":["wang@example.com"],
             "amounts":[{"amount":299,"currency":"CNY","text":"¥299"}],"dates":[{"date":"2026-05-30","text":"last Saturday","relative":true}]}
            """;

        var found = EntityList.Parse(json);

        Assert.Equal(
            [("order", "demo-1024"), ("title", "Docker in Practice"), ("email", "wang@example.com"), ("amount", "¥299"), ("date", "last Saturday (2026-05-30)")],
            found.Select(f => (f.Kind, f.Text)));
        Assert.Empty(EntityList.Parse("not json"));
    }

    [Fact]
    public void ModelIntents_ActiveVersionsReport_ListsItsIntents()
    {
        Assert.Equal(["billing", "refund_request"], DeskViews.ModelIntents("""{"accuracy":0.9,"intents":["billing","refund_request"]}"""));
        Assert.Empty(DeskViews.ModelIntents("{}"));
        Assert.Empty(DeskViews.ModelIntents("[1,2]"));
    }

    [Fact]
    public void Readable_StoredRules_WritesYuanAndChineseAsThemselves()
    {
        var stored = new RoutingRuleSet([new RoutingRule("退款 ¥2,000+", [RuleCondition.Is(RuleField.Intent, "refund_request")], new RuleAction(RouteTo: "senior"))]).ToJson();

        var readable = RuleJson.Readable(stored);

        Assert.Contains("\"退款 ¥2,000+\"", readable);
        Assert.Equal(stored, RoutingRuleSet.FromJson(readable).ToJson());
    }

    [Theory]
    [InlineData(30, "< 1 min")]
    [InlineData(42 * 60, "42 min")]
    [InlineData(125 * 60, "2 h 5 min")]
    [InlineData(2 * 3600, "2 h")]
    [InlineData(76 * 3600, "3 d 4 h")]
    public void Duration_English_SaysItAsAgentsDo(int seconds, string expected)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

        Assert.Equal(expected, DeskFormat.Duration(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(expected, DeskFormat.Duration(TimeSpan.FromSeconds(-seconds)));
    }
}
