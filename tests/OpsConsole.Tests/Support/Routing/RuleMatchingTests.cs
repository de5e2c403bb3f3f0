using OpsConsole.Profiles;
using OpsConsole.Support;
using static OpsConsole.Tests.Support.Routing.RoutingFixtures;

namespace OpsConsole.Tests.Support.Routing;

public sealed class RuleMatchingTests
{
    private static readonly RuleAction Tag = new(AddTags: ["hit"]);

    private static bool Matches(TicketFacts ticket, params RuleCondition[] conditions) =>
        Router.FirstMatch(ticket, [Rule("r", Tag, conditions)]) is not null;

    [Theory]
    [InlineData("refund_request", true)]
    [InlineData("REFUND_REQUEST", true)]
    [InlineData("billing", false)]
    public void FirstMatch_IntentIs_ComparesIgnoringCase(string intent, bool expected)
    {
        Assert.Equal(expected, Matches(Ticket(intent: intent), RuleCondition.Is(RuleField.Intent, "refund_request")));
    }

    [Fact]
    public void FirstMatch_IntentIsAnyOfList_MatchesEachListedIntent()
    {
        var condition = RuleCondition.Is(RuleField.Intent, "refund_request", "cancel_membership");

        Assert.True(Matches(Ticket(intent: "cancel_membership"), condition));
        Assert.False(Matches(Ticket(intent: "billing"), condition));
    }

    [Fact]
    public void FirstMatch_IntentIsNot_MatchesOtherIntentsButNotUnknown()
    {
        var condition = RuleCondition.IsNot(RuleField.Intent, "refund_request");

        Assert.True(Matches(Ticket(intent: "billing"), condition));
        Assert.False(Matches(Ticket(intent: "refund_request"), condition));
        Assert.False(Matches(Ticket(intent: null), condition));
    }

    [Theory]
    [InlineData("zh", "zh-CN", true)]
    [InlineData("zh-CN", "zh-CN", true)]
    [InlineData("zh-TW", "zh-CN", false)]
    [InlineData("en", "zh", false)]
    public void FirstMatch_LanguageIs_RuleLanguageCoversRegionalVariants(string ruleLanguage, string ticketLanguage, bool expected)
    {
        Assert.Equal(expected, Matches(Ticket(language: ticketLanguage), RuleCondition.Is(RuleField.Language, ruleLanguage)));
    }

    [Theory]
    [InlineData(TicketPriority.Low, false)]
    [InlineData(TicketPriority.Normal, false)]
    [InlineData(TicketPriority.High, true)]
    [InlineData(TicketPriority.Urgent, true)]
    public void FirstMatch_PriorityAtLeastHigh_MatchesHighAndUrgent(TicketPriority priority, bool expected)
    {
        Assert.Equal(expected, Matches(Ticket(priority: priority), RuleCondition.AtLeast(RuleField.Priority, "high")));
    }

    [Fact]
    public void FirstMatch_PriorityAtMostAndIs_CompareByOrderAndName()
    {
        Assert.True(Matches(Ticket(priority: TicketPriority.Low), RuleCondition.AtMost(RuleField.Priority, "normal")));
        Assert.False(Matches(Ticket(priority: TicketPriority.High), RuleCondition.AtMost(RuleField.Priority, "normal")));
        Assert.True(Matches(Ticket(priority: TicketPriority.Urgent), RuleCondition.Is(RuleField.Priority, "urgent")));
    }

    [Fact]
    public void FirstMatch_ChannelIs_MatchesChannel()
    {
        Assert.True(Matches(Ticket(channel: "app"), RuleCondition.Is(RuleField.Channel, "app", "wechat")));
        Assert.False(Matches(Ticket(channel: "web"), RuleCondition.Is(RuleField.Channel, "app", "wechat")));
    }

    [Theory]
    [InlineData(-0.9, true)]
    [InlineData(-0.6, true)]
    [InlineData(-0.59, false)]
    [InlineData(0.5, false)]
    public void FirstMatch_SentimentAtMost_MatchesAtAndBelowBound(double sentiment, bool expected)
    {
        Assert.Equal(expected, Matches(Ticket(sentiment: sentiment), RuleCondition.AtMost(RuleField.Sentiment, -0.6m)));
    }

    [Fact]
    public void FirstMatch_SentimentUnknownOrNotANumber_DoesNotMatch()
    {
        Assert.False(Matches(Ticket(sentiment: null), RuleCondition.AtMost(RuleField.Sentiment, 1)));
        Assert.False(Matches(Ticket(sentiment: double.NaN), RuleCondition.AtMost(RuleField.Sentiment, 1)));
    }

    [Fact]
    public void FirstMatch_UrgencyAtLeastHigh_MatchesHighAndUrgentButNotUnknown()
    {
        Assert.True(Matches(Ticket(urgency: TicketPriority.High), RuleCondition.AtLeast(RuleField.Urgency, "high")));
        Assert.True(Matches(Ticket(urgency: TicketPriority.Urgent), RuleCondition.AtLeast(RuleField.Urgency, "high")));
        Assert.False(Matches(Ticket(urgency: TicketPriority.Normal), RuleCondition.AtLeast(RuleField.Urgency, "high")));
        Assert.False(Matches(Ticket(urgency: null), RuleCondition.AtMost(RuleField.Urgency, "urgent")));
        Assert.True(Matches(Ticket(urgency: TicketPriority.Low), RuleCondition.Is(RuleField.Urgency, "low", "normal")));
    }

    [Fact]
    public void FirstMatch_TagIsAndIsNot_LookAtTicketTags()
    {
        var vip = Ticket(tags: ["App", "VIP"]);
        var plain = Ticket();

        Assert.True(Matches(vip, RuleCondition.Is(RuleField.Tag, "vip")));
        Assert.False(Matches(plain, RuleCondition.Is(RuleField.Tag, "vip")));
        Assert.False(Matches(vip, RuleCondition.IsNot(RuleField.Tag, "vip")));
        Assert.True(Matches(plain, RuleCondition.IsNot(RuleField.Tag, "vip")));
    }

    [Theory]
    [InlineData(MembershipState.Active, true)]
    [InlineData(MembershipState.Cancelling, true)]
    [InlineData(MembershipState.Expired, false)]
    [InlineData(MembershipState.None, false)]
    public void FirstMatch_MembershipIsList_MatchesListedStates(MembershipState state, bool expected)
    {
        Assert.Equal(expected, Matches(Ticket(learner: Learner(state)), RuleCondition.Is(RuleField.Membership, "active", "cancelling")));
    }

    [Theory]
    [InlineData(4999.99, false)]
    [InlineData(5000, true)]
    [InlineData(12000, true)]
    public void FirstMatch_LifetimeSpendAtLeast_MatchesFromBoundUp(double spend, bool expected)
    {
        Assert.Equal(expected, Matches(Ticket(learner: Learner(spend: (decimal)spend)), RuleCondition.AtLeast(RuleField.LifetimeSpend, 5000)));
    }

    [Fact]
    public void FirstMatch_LifecycleAndRfm_MatchByName()
    {
        var ticket = Ticket(learner: Learner(lifecycle: LifecycleStage.AtRisk, rfm: RfmSegment.CannotLoseThem));

        Assert.True(Matches(ticket, RuleCondition.Is(RuleField.Lifecycle, "atRisk"), RuleCondition.Is(RuleField.Rfm, "cannotLoseThem", "champions")));
        Assert.False(Matches(ticket, RuleCondition.Is(RuleField.Lifecycle, "churned")));
        Assert.True(Matches(ticket, RuleCondition.IsNot(RuleField.Rfm, "hibernating")));
    }

    [Fact]
    public void FirstMatch_LearnerUnknown_LearnerConditionsNeverMatchEvenNegated()
    {
        var ticket = Ticket(learner: null);

        Assert.False(Matches(ticket, RuleCondition.IsNot(RuleField.Membership, "active")));
        Assert.False(Matches(ticket, RuleCondition.AtMost(RuleField.LifetimeSpend, 1_000_000)));
        Assert.False(Matches(ticket, RuleCondition.IsNot(RuleField.Lifecycle, "churned")));
    }

    [Fact]
    public void FirstMatch_ConditionsAreCombinedWithAnd_OneFailingConditionFailsTheRule()
    {
        var ticket = Ticket(intent: "refund_request", learner: Learner(MembershipState.Active, spend: 800));

        Assert.True(Matches(ticket, RuleCondition.Is(RuleField.Intent, "refund_request"), RuleCondition.Is(RuleField.Membership, "active")));
        Assert.False(Matches(ticket,
            RuleCondition.Is(RuleField.Intent, "refund_request"),
            RuleCondition.Is(RuleField.Membership, "active"),
            RuleCondition.AtLeast(RuleField.LifetimeSpend, 5000)));
    }

    [Fact]
    public void FirstMatch_RuleWithoutConditions_MatchesEveryTicket()
    {
        Assert.True(Matches(Ticket(intent: null, language: "ja")));
    }

    [Fact]
    public void FirstMatch_NoRuleMatches_ReturnsNull()
    {
        var rules = new[]
        {
            Rule("a", Tag, RuleCondition.Is(RuleField.Channel, "app")),
            Rule("b", Tag, RuleCondition.Is(RuleField.Intent, "billing")),
        };

        Assert.Null(Router.FirstMatch(Ticket(channel: "web", intent: "refund_request"), rules));
    }

    [Fact]
    public void FirstMatch_LaterRuleMoreSpecific_EarlierBroadRuleStillWins()
    {
        var rules = new[]
        {
            Rule("all refunds", Tag, RuleCondition.Is(RuleField.Intent, "refund_request")),
            Rule("big refunds", Tag, RuleCondition.Is(RuleField.Intent, "refund_request"), RuleCondition.AtLeast(RuleField.LifetimeSpend, 5000)),
        };

        var match = Router.FirstMatch(Ticket(learner: Learner(spend: 9000)), rules);

        Assert.Equal((0, "all refunds"), (match!.Index, match.Name));
    }
}
