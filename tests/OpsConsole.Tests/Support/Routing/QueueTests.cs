using OpsConsole.Support;
using static OpsConsole.Tests.Support.Routing.RoutingFixtures;

namespace OpsConsole.Tests.Support.Routing;

public sealed class QueueTests
{
    [Fact]
    public void OnAgentAvailable_SeveralTicketsTheyCanTake_OldestFirst()
    {
        WaitingTicket[] waiting = [Waiting(1, 5), Waiting(2, 30), Waiting(3, 12)];
        var agent = Agent("a", capacity: 5, open: 4);

        var assignments = Router.OnAgentAvailable(agent, waiting, Now);

        var only = Assert.Single(assignments);
        Assert.Equal(2, only.TicketId);
        Assert.Equal("a", only.AgentId);
        Assert.Equal(TimeSpan.FromMinutes(30), only.Reason.TicketWaited);
        Assert.Equal(RoutingTrigger.AgentAvailable, only.Reason.Trigger);
    }

    [Fact]
    public void OnAgentAvailable_AgentComesOnlineWithRoom_TakesAsManyAsFreeSlotsOldestFirst()
    {
        WaitingTicket[] waiting = [Waiting(1, 5), Waiting(2, 30), Waiting(3, 12), Waiting(4, 45), Waiting(5, 1)];
        var agent = Agent("a", capacity: 3, open: 0);

        var assignments = Router.OnAgentAvailable(agent, waiting, Now);

        Assert.Equal([4L, 2L, 3L], assignments.Select(a => a.TicketId));
        Assert.Equal([3, 2, 1], assignments.Select(a => a.Reason.Agent!.FreeSlots));
    }

    [Fact]
    public void OnAgentAvailable_OlderTicketsNeedOtherSkills_SkipsToOldestTheyCanTake()
    {
        WaitingTicket[] waiting =
        [
            Waiting(1, 60, intent: "login_problem"),
            Waiting(2, 50, language: "zh"),
            Waiting(3, 40, tag: "senior"),
            Waiting(4, 10),
            Waiting(5, 20, language: "en-GB"),
        ];

        var assignments = Router.OnAgentAvailable(Agent("a", open: 4), waiting, Now);

        Assert.Equal(5, Assert.Single(assignments).TicketId);
    }

    [Fact]
    public void OnAgentAvailable_GeneralQueueTicketOlderThanSkillTicket_TakesGeneralTicketWhateverItsSkills()
    {
        WaitingTicket[] waiting = [Waiting(1, 10), Waiting(2, 50, intent: "login_problem", language: "de", queue: TicketQueue.General)];

        var assignments = Router.OnAgentAvailable(Agent("a", open: 4), waiting, Now);

        var only = Assert.Single(assignments);
        Assert.Equal(2, only.TicketId);
        Assert.Equal(TicketQueue.General, only.Reason.Queue);
    }

    [Theory]
    [InlineData(AgentStatus.Away)]
    [InlineData(AgentStatus.Offline)]
    public void OnAgentAvailable_AgentNotOnline_AssignsNothing(AgentStatus status)
    {
        var assignments = Router.OnAgentAvailable(Agent("a", status: status), [Waiting(1, 10)], Now);

        Assert.Empty(assignments);
    }

    [Fact]
    public void OnAgentAvailable_AgentStillFull_AssignsNothing()
    {
        var assignments = Router.OnAgentAvailable(Agent("a", capacity: 2, open: 2), [Waiting(1, 10)], Now);

        Assert.Empty(assignments);
    }

    [Fact]
    public void OnAgentAvailable_Assignment_ReasonSaysHowLongTheTicketWaitedAndWhy()
    {
        var waiting = Waiting(9, 12, tag: "senior") with { RuleName = "Refunds from big spenders" };
        var agent = Agent("u1", name: "Chen Li", tags: ["senior"], capacity: 8, open: 5);

        var assignment = Assert.Single(Router.OnAgentAvailable(agent, [waiting], Now));

        Assert.Equal(
            "Waited 12 min for senior, refund_request, en (rule 'Refunds from big spenders'); " +
            "Chen Li became free and this is the oldest ticket they can take (3 of 8 slots free)",
            assignment.Reason.Text);
    }

    [Fact]
    public void DueForGeneralQueue_SkillTicketsWaitingAtLeastFallback_MovedOldestFirst()
    {
        WaitingTicket[] waiting =
        [
            Waiting(1, 14.9),
            Waiting(2, 15),
            Waiting(3, 40),
            Waiting(4, 90, queue: TicketQueue.General),
        ];

        var due = Router.DueForGeneralQueue(waiting, Now, TimeSpan.FromMinutes(15));

        Assert.Equal([3L, 2L], due.Select(t => t.TicketId));
        Assert.All(due, t => Assert.Equal(TicketQueue.General, t.Queue));
        Assert.Equal(waiting[2].WaitingSince, due[0].WaitingSince);
    }

    [Fact]
    public void DueForGeneralQueue_NothingOldEnough_ReturnsNothing()
    {
        var due = Router.DueForGeneralQueue([Waiting(1, 3), Waiting(2, 9)], Now, TimeSpan.FromMinutes(10));

        Assert.Empty(due);
    }

    [Fact]
    public void DueForGeneralQueue_NegativeFallback_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Router.DueForGeneralQueue([], Now, TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void Dispatch_GeneralQueue_OldestFirstToAnyOnlineAgentWithMostRoom()
    {
        WaitingTicket[] general =
        [
            Waiting(1, 20, intent: "login_problem", language: "fr", queue: TicketQueue.General),
            Waiting(2, 40, intent: "cancel", language: "de", queue: TicketQueue.General),
        ];
        AgentState[] agents =
        [
            Agent("roomy", intents: ["billing"], capacity: 5, open: 1, lastAssigned: MinutesAgo(10)),
            Agent("tight", intents: ["billing"], capacity: 5, open: 3),
            Agent("away", status: AgentStatus.Away, capacity: 50),
        ];

        var assignments = Router.Dispatch(general, agents, Now);

        // The older ticket leaves "roomy" with 3 free slots, still more than "tight" has.
        Assert.Equal([(2L, "roomy"), (1L, "roomy")], assignments.Select(a => (a.TicketId, a.AgentId)));
        Assert.Equal([4, 3], assignments.Select(a => a.Reason.Agent!.FreeSlots));
    }

    [Fact]
    public void Dispatch_CountsEarlierAssignmentsOfTheSameSweep()
    {
        WaitingTicket[] waiting = [Waiting(1, 30), Waiting(2, 20), Waiting(3, 10), Waiting(4, 5)];
        AgentState[] agents =
        [
            Agent("a", capacity: 3, open: 1, lastAssigned: MinutesAgo(60)),
            Agent("b", capacity: 3, open: 1, lastAssigned: MinutesAgo(30)),
        ];

        var assignments = Router.Dispatch(waiting, agents, Now);

        // Tied on slots, "a" waited longest; then "b" has more room; then both were last assigned at this instant and the id
        // decides; then only "b" has room.
        Assert.Equal([(1L, "a"), (2L, "b"), (3L, "a"), (4L, "b")], assignments.Select(a => (a.TicketId, a.AgentId)));
    }

    [Fact]
    public void Dispatch_SkillTicketsWithoutSkilledAgent_StayWaiting()
    {
        WaitingTicket[] waiting = [Waiting(1, 30, intent: "login_problem"), Waiting(2, 20)];

        var assignments = Router.Dispatch(waiting, [Agent("a")], Now);

        Assert.Equal(2, Assert.Single(assignments).TicketId);
    }

    [Fact]
    public void Dispatch_GeneralQueueTicket_ReasonExplainsTheFallback()
    {
        var waiting = Waiting(1, 25, intent: "cancel", language: "de", queue: TicketQueue.General);

        var assignment = Assert.Single(Router.Dispatch([waiting], [Agent("u1", name: "Chen Li", capacity: 8, open: 5, lastAssigned: MinutesAgo(42))], Now));

        Assert.Equal(
            "Waited 25 min, in the general queue as no agent with cancel, de was free in time; Chen Li has 3 of 8 slots free and waited 42 min",
            assignment.Reason.Text);
        Assert.Equal(RoutingTrigger.Dispatch, assignment.Reason.Trigger);
    }

    [Fact]
    public void RouteThenFallbackThenDispatch_TicketNobodyCanTake_EndsWithAnyOnlineAgent()
    {
        AgentState[] agents = [Agent("en-only", capacity: 2)];
        var decision = Router.Route(Ticket(id: 5, language: "ja"), agents, [], Now);
        var later = Now.AddMinutes(15);

        var moved = Router.DueForGeneralQueue([decision.Waiting!], later, TimeSpan.FromMinutes(15));
        var assignments = Router.Dispatch(moved, agents, later);

        Assert.False(decision.IsAssigned);
        Assert.Equal((5L, "en-only"), (Assert.Single(assignments).TicketId, assignments[0].AgentId));
    }
}
