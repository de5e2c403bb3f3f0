using OpsConsole.Support;

namespace OpsConsole.Tests.Support.Routing;

public sealed class RoutingReasonTextTests
{
    [Theory]
    [InlineData(0, "under a minute")]
    [InlineData(59, "under a minute")]
    [InlineData(60, "1 min")]
    [InlineData(42 * 60 + 59, "42 min")]
    [InlineData(3600, "1 h")]
    [InlineData(2 * 3600 + 5 * 60, "2 h 5 min")]
    [InlineData(86400, "1 d")]
    [InlineData(3 * 86400 + 4 * 3600 + 59 * 60, "3 d 4 h")]
    public void Duration_Seconds_ReadsAsPeopleSayIt(int seconds, string expected)
    {
        Assert.Equal(expected, RoutingReasonText.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Action_RuleThatOnlyTags_NamesTheSkillsItStillRoutesBy()
    {
        var text = RoutingReasonText.Action(new RuleAction(AddTags: ["press", "vip"]), new SkillNeeds("refund_request", "zh"));

        Assert.Equal("refund_request, zh, tags press, vip", text);
    }

    [Fact]
    public void Choice_AgentNeverAssignedAndTiedWithTwo_SaysBoth()
    {
        var text = RoutingReasonText.Choice(new AgentChoice("u", "Ana Ruiz", 4, 6, null, 2));

        Assert.Equal("Ana Ruiz has 4 of 6 slots free, as do 2 others, and has had no ticket yet", text);
    }
}
