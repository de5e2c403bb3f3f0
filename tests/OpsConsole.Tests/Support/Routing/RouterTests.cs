using OpsConsole.Profiles;
using OpsConsole.Support;
using static OpsConsole.Tests.Support.Routing.RoutingFixtures;

namespace OpsConsole.Tests.Support.Routing;

public sealed class RouterTests
{
    [Fact]
    public void Route_OneAgentWithMatchingIntentAndLanguage_AssignsToThem()
    {
        AgentState[] agents =
        [
            Agent("billing-only", intents: ["billing"]),
            Agent("zh-only", languages: ["zh"]),
            Agent("match"),
        ];

        var decision = Router.Route(Ticket(intent: "refund_request", language: "en"), agents, [], Now);

        Assert.True(decision.IsAssigned);
        Assert.Equal("match", decision.Assignment!.AgentId);
        Assert.Equal(Now, decision.Assignment.AssignedAt);
        Assert.Null(decision.Waiting);
        Assert.Equal(new AgentPool(3, 0, 2, 0, 1), decision.Reason.Pool);
    }

    [Fact]
    public void Route_NobodyHasTheIntent_WaitsInSkillQueueSinceNow()
    {
        AgentState[] agents = [Agent("a", intents: ["billing"]), Agent("b", intents: ["login_problem"])];

        var decision = Router.Route(Ticket(id: 7, intent: "refund_request"), agents, [], Now);

        Assert.False(decision.IsAssigned);
        Assert.Equal(new WaitingTicket(7, new SkillNeeds("refund_request", "en"), Now, TicketQueue.Skill), decision.Waiting);
        Assert.Equal(2, decision.Reason.Pool!.LackingSkills);
    }

    [Theory]
    [InlineData("zh", "zh-CN", true)]
    [InlineData("zh-CN", "zh-CN", true)]
    [InlineData("ZH", "zh-cn", true)]
    [InlineData("zh-TW", "zh-CN", false)]
    [InlineData("zh-CN", "zh", false)]
    [InlineData("z", "zh", false)]
    [InlineData("*", "pt-BR", true)]
    public void Route_AgentLanguage_CoversTicketLanguageOnlyAtSubtagBoundary(string agentLanguage, string ticketLanguage, bool assigned)
    {
        var decision = Router.Route(Ticket(language: ticketLanguage), [Agent("a", languages: [agentLanguage])], [], Now);

        Assert.Equal(assigned, decision.IsAssigned);
    }

    [Fact]
    public void Route_AgentWithWildcardIntent_TakesAnyIntent()
    {
        var decision = Router.Route(Ticket(intent: "anything_at_all"), [Agent("generalist", intents: ["*"])], [], Now);

        Assert.Equal("generalist", decision.Assignment?.AgentId);
    }

    [Fact]
    public void Route_TicketWithoutIntent_RoutesByLanguageAlone()
    {
        AgentState[] agents = [Agent("en", intents: ["billing"]), Agent("zh", intents: ["*"], languages: ["zh"])];

        var decision = Router.Route(Ticket(intent: null, language: "en"), agents, [], Now);

        Assert.Equal("en", decision.Assignment?.AgentId);
        Assert.Null(decision.Needs.Intent);
    }

    [Fact]
    public void Route_SeveralSkilledAgents_MostFreeSlotsWins()
    {
        AgentState[] agents =
        [
            Agent("two-free", capacity: 8, open: 6, lastAssigned: MinutesAgo(300)),
            Agent("four-free", capacity: 5, open: 1, lastAssigned: MinutesAgo(1)),
            Agent("three-free", capacity: 3, open: 0, lastAssigned: MinutesAgo(600)),
        ];

        var decision = Router.Route(Ticket(), agents, [], Now);

        Assert.Equal("four-free", decision.Assignment?.AgentId);
        Assert.Equal(0, decision.Reason.Agent!.TiedWith);
    }

    [Fact]
    public void Route_TieOnFreeSlots_LongestSinceLastAssignmentWins()
    {
        AgentState[] agents =
        [
            Agent("recent", open: 2, lastAssigned: MinutesAgo(5)),
            Agent("longest", open: 2, lastAssigned: MinutesAgo(42)),
            Agent("middle", open: 2, lastAssigned: MinutesAgo(20)),
            Agent("busier", open: 3, lastAssigned: MinutesAgo(500)),
        ];

        var decision = Router.Route(Ticket(), agents, [], Now);

        Assert.Equal("longest", decision.Assignment?.AgentId);
        Assert.Equal(2, decision.Reason.Agent!.TiedWith);
        Assert.Equal(TimeSpan.FromMinutes(42), decision.Reason.Agent.SinceLastAssignment);
    }

    [Fact]
    public void Route_TieWithAgentNeverAssigned_NeverAssignedWins()
    {
        AgentState[] agents = [Agent("veteran", lastAssigned: MinutesAgo(10_000)), Agent("fresh")];

        var decision = Router.Route(Ticket(), agents, [], Now);

        Assert.Equal("fresh", decision.Assignment?.AgentId);
        Assert.Null(decision.Reason.Agent!.SinceLastAssignment);
    }

    [Fact]
    public void Route_CompleteTie_IsDecidedTheSameWayWhateverTheListOrder()
    {
        var first = Agent("a", lastAssigned: MinutesAgo(10));
        var second = Agent("b", lastAssigned: MinutesAgo(10));

        var one = Router.Route(Ticket(), [first, second], [], Now);
        var other = Router.Route(Ticket(), [second, first], [], Now);

        Assert.Equal(one.Assignment!.AgentId, other.Assignment!.AgentId);
    }

    [Fact]
    public void Route_OnlySkilledAgentIsFull_WaitsAndCountsTheFullAgent()
    {
        AgentState[] agents = [Agent("full", capacity: 4, open: 4), Agent("over", capacity: 2, open: 3), Agent("other", intents: ["billing"])];

        var decision = Router.Route(Ticket(), agents, [], Now);

        Assert.False(decision.IsAssigned);
        Assert.Equal(new AgentPool(3, 0, 1, 2, 0), decision.Reason.Pool);
    }

    [Theory]
    [InlineData(AgentStatus.Away)]
    [InlineData(AgentStatus.Offline)]
    public void Route_SkilledAgentNotOnline_IsSkipped(AgentStatus status)
    {
        AgentState[] agents = [Agent("idle-but-away", status: status, capacity: 10), Agent("online", capacity: 3, open: 2)];

        var decision = Router.Route(Ticket(), agents, [], Now);

        Assert.Equal("online", decision.Assignment?.AgentId);
        Assert.Equal(1, decision.Reason.Pool!.Unavailable);
    }

    [Fact]
    public void Route_EveryoneAwayOrOffline_Waits()
    {
        AgentState[] agents = [Agent("a", status: AgentStatus.Away), Agent("b", status: AgentStatus.Offline)];

        var decision = Router.Route(Ticket(), agents, [], Now);

        Assert.False(decision.IsAssigned);
        Assert.Equal(new AgentPool(2, 2, 0, 0, 0), decision.Reason.Pool);
    }

    [Fact]
    public void Route_RuleRoutesToTag_OnlyAgentsWithTagQualify()
    {
        AgentState[] agents = [Agent("junior", capacity: 10), Agent("senior", tags: ["senior"], capacity: 3, open: 2)];
        var rules = new[] { Rule("Big refunds", new RuleAction(RouteTo: "senior"), RuleCondition.Is(RuleField.Intent, "refund_request")) };

        var decision = Router.Route(Ticket(), agents, rules, Now);

        Assert.Equal("senior", decision.Assignment?.AgentId);
        Assert.Equal(new SkillNeeds("refund_request", "en", "senior"), decision.Needs);
        Assert.Equal(new RuleMatch(0, "Big refunds", rules[0].Action), decision.Rule);
    }

    [Fact]
    public void Route_RuleRoutesToTagNobodyOnlineHas_WaitsWithTagInNeeds()
    {
        AgentState[] agents = [Agent("junior", capacity: 10), Agent("senior", status: AgentStatus.Away, tags: ["senior"])];
        var rules = new[] { Rule("Senior only", new RuleAction(RouteTo: "senior")) };

        var decision = Router.Route(Ticket(), agents, rules, Now);

        Assert.False(decision.IsAssigned);
        Assert.Equal("senior", decision.Waiting!.Needs.Tag);
        Assert.Equal("Senior only", decision.Waiting.RuleName);
    }

    [Fact]
    public void Route_SeveralRulesMatch_FirstInOrderWins()
    {
        AgentState[] agents = [Agent("s", tags: ["senior"]), Agent("b", tags: ["billing-team"])];
        var rules = new[]
        {
            Rule("Chinese tickets", new RuleAction(RouteTo: "zh-team"), RuleCondition.Is(RuleField.Language, "zh")),
            Rule("Refunds", new RuleAction(RouteTo: "billing-team"), RuleCondition.Is(RuleField.Intent, "refund_request")),
            Rule("Everything", new RuleAction(RouteTo: "senior")),
        };

        var decision = Router.Route(Ticket(intent: "refund_request", language: "en"), agents, rules, Now);

        Assert.Equal(1, decision.Rule?.Index);
        Assert.Equal("b", decision.Assignment?.AgentId);
    }

    [Fact]
    public void Route_FirstMatchingRuleDisabled_NextMatchingRuleWins()
    {
        var rules = new[]
        {
            Rule("Off", new RuleAction(RouteTo: "senior"), RuleCondition.Is(RuleField.Intent, "refund_request")) with { Enabled = false },
            Rule("On", new RuleAction(SetPriority: TicketPriority.High), RuleCondition.Is(RuleField.Intent, "refund_request")),
        };

        var decision = Router.Route(Ticket(), [Agent("a")], rules, Now);

        Assert.Equal("On", decision.Rule?.Name);
        Assert.Equal("a", decision.Assignment?.AgentId);
    }

    [Fact]
    public void Route_RuleSetsPriorityAndAddsTags_DecisionCarriesThemWithoutDuplicates()
    {
        var rules = new[]
        {
            Rule("Upset members", new RuleAction(SetPriority: TicketPriority.Urgent, AddTags: ["upset", "VIP"]),
                RuleCondition.AtMost(RuleField.Sentiment, -0.5m)),
        };

        var decision = Router.Route(Ticket(priority: TicketPriority.Low, sentiment: -0.8, tags: ["vip"]), [Agent("a")], rules, Now);

        Assert.Equal(TicketPriority.Urgent, decision.Priority);
        Assert.Equal(["vip", "upset"], decision.Tags);
        Assert.Equal(new SkillNeeds("refund_request", "en"), decision.Needs);
    }

    [Fact]
    public void Route_NoRuleMatches_KeepsTicketPriorityAndTags()
    {
        var rules = new[] { Rule("Urgent if angry", new RuleAction(SetPriority: TicketPriority.Urgent), RuleCondition.AtMost(RuleField.Sentiment, -0.5m)) };

        var decision = Router.Route(Ticket(priority: TicketPriority.High, sentiment: 0.2, tags: ["app"]), [Agent("a")], rules, Now);

        Assert.Null(decision.Rule);
        Assert.Equal(TicketPriority.High, decision.Priority);
        Assert.Equal(["app"], decision.Tags);
    }

    [Fact]
    public void Route_BigSpenderRefund_ReasonNamesRuleAgentSlotsAndWait()
    {
        var rules = new[]
        {
            Rule("Angry learners", new RuleAction(SetPriority: TicketPriority.Urgent), RuleCondition.AtMost(RuleField.Sentiment, -0.7m)),
            Rule("Refunds from big spenders", new RuleAction(RouteTo: "senior"),
                RuleCondition.Is(RuleField.Intent, "refund_request"),
                RuleCondition.Is(RuleField.Membership, "active"),
                RuleCondition.AtLeast(RuleField.LifetimeSpend, 5000)),
        };
        AgentState[] agents =
        [
            Agent("u1", name: "Chen Li", tags: ["senior"], capacity: 8, open: 5, lastAssigned: MinutesAgo(42)),
            Agent("u2", name: "Ana Ruiz", tags: ["senior"], capacity: 4, open: 2, lastAssigned: MinutesAgo(90)),
            Agent("u3", name: "Sam Park", capacity: 10, open: 0),
        ];
        var ticket = Ticket(learner: Learner(MembershipState.Active, spend: 7200m), sentiment: -0.2);

        var decision = Router.Route(ticket, agents, rules, Now);

        Assert.Equal("u1", decision.Assignment?.AgentId);
        Assert.Equal("Matched rule 'Refunds from big spenders' → senior; Chen Li has 3 of 8 slots free and waited 42 min", decision.Reason.Text);
        Assert.Equal(decision.Reason, decision.Assignment!.Reason);
        Assert.Equal(new AgentChoice("u1", "Chen Li", 3, 8, TimeSpan.FromMinutes(42), 0), decision.Reason.Agent);
        Assert.Equal(RoutingTrigger.NewTicket, decision.Reason.Trigger);
        Assert.Equal("Refunds from big spenders", decision.Reason.RuleName);
    }

    [Fact]
    public void Route_NoRuleAndTiedAgents_ReasonSaysSkillsAndTie()
    {
        AgentState[] agents =
        [
            Agent("u1", name: "Chen Li", open: 2, lastAssigned: MinutesAgo(125)),
            Agent("u2", name: "Ana Ruiz", open: 2, lastAssigned: MinutesAgo(3)),
        ];

        var decision = Router.Route(Ticket(), agents, [], Now);

        Assert.Equal("No rule matched → refund_request, en; Chen Li has 3 of 5 slots free, as does 1 other, and waited longest (2 h 5 min)",
            decision.Reason.Text);
    }

    [Fact]
    public void Route_NobodyFree_ReasonCountsWhyEachAgentWasLeftOut()
    {
        AgentState[] agents =
        [
            Agent("full", tags: ["senior"], capacity: 2, open: 2),
            Agent("away", status: AgentStatus.Away, tags: ["senior"]),
            Agent("off", status: AgentStatus.Offline),
            Agent("junior"),
        ];
        var rules = new[] { Rule("VIP", new RuleAction(RouteTo: "senior", SetPriority: TicketPriority.High, AddTags: ["vip"])) };

        var decision = Router.Route(Ticket(), agents, rules, Now);

        Assert.Equal(
            "Matched rule 'VIP' → senior, priority High, tag vip; no online agent with senior, refund_request, en has a free slot " +
            "(1 full, 2 away or offline, 1 without the skills) — waiting in the skill queue",
            decision.Reason.Text);
    }

    [Fact]
    public void Route_NoAgentsAtAll_WaitsAndSaysSo()
    {
        var decision = Router.Route(Ticket(), [], [], Now);

        Assert.False(decision.IsAssigned);
        Assert.EndsWith("no agents are set up — waiting in the skill queue", decision.Reason.Text);
    }

    [Fact]
    public void Route_NowWithoutKind_IsTakenAsUtc()
    {
        var unspecified = DateTime.SpecifyKind(Now, DateTimeKind.Unspecified);

        var decision = Router.Route(Ticket(), [], [], unspecified);

        Assert.Equal(DateTimeKind.Utc, decision.Waiting!.WaitingSince.Kind);
        Assert.Equal(Now, decision.Waiting.WaitingSince);
    }

    [Fact]
    public void TicketFactsFrom_TicketAndProfile_CarriesLanguageChannelPriorityAndNetSpend()
    {
        var ticket = new Ticket { Id = 42, LearnerId = "L1", Subject = "s", Body = "b", Language = "zh-CN", Channel = "app", Priority = TicketPriority.High };
        var profile = new LearnerProfile
        {
            LearnerId = "L1",
            NetSpend = 6400m,
            Membership = MembershipState.Active,
            Lifecycle = LifecycleStage.AtRisk,
            RfmSegment = RfmSegment.Loyal,
        };

        var facts = TicketFacts.From(ticket, "refund_request", profile, sentiment: -0.4);

        Assert.Equal(new TicketFacts(42, "refund_request", "zh-CN", TicketPriority.High, "app", -0.4, null,
            new LearnerFacts(MembershipState.Active, 6400m, LifecycleStage.AtRisk, RfmSegment.Loyal)), facts);
        Assert.Null(TicketFacts.From(ticket, null, null).Learner);
    }
}
