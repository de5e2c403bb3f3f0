using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support;

public sealed class TicketViewCountsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseProviders]
    public async Task CountViewsAsync_EveryKindOfTicket_AgreesWithEachViewsList(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider);
        await using (var db = await world.Database.Contexts.CreateDbContextAsync(Ct))
        {
            var at = DeskWorld.Start.UtcDateTime;
            var n = 0;
            // Every status, held by the agent, a colleague or nobody, in each queue or none, answered automatically or not.
            foreach (var status in Enum.GetValues<TicketStatus>())
            foreach (var assignee in new[] { "me@desk.test", "other@desk.test", null })
            foreach (var queue in new TicketQueue?[] { null, TicketQueue.Skill, TicketQueue.General, TicketQueue.Triage })
            foreach (var automated in new[] { false, true })
            {
                db.Tickets.Add(new Ticket
                {
                    LearnerId = $"l-{n++}", Subject = "Question", Body = "A question", Status = status, AssigneeId = assignee, Queue = queue,
                    AutoReplyArticleId = automated ? 1 : null, CreatedAt = at, UpdatedAt = at,
                });
            }
            await db.SaveChangesAsync(Ct);
        }

        var counts = await world.Queries.CountViewsAsync("me@desk.test", Ct);

        foreach (var view in Enum.GetValues<TicketView>())
        {
            var listed = await world.Queries.ListAsync(new TicketQuery(view, AgentId: view == TicketView.Mine ? "me@desk.test" : null, PageSize: 1), Ct);
            Assert.True(listed.Total == counts[view], $"{view}: listed {listed.Total}, counted {counts[view]}");
        }
        // 5 statuses × 3 holders × 4 queues × 2: the agent holds 3 open statuses × 8 combinations.
        Assert.Equal((24, 4, 2, 120), (counts[TicketView.Mine], counts[TicketView.Unassigned], counts[TicketView.Triage], counts[TicketView.All]));
        Assert.Equal(4, counts[TicketView.Automated]);
    }

    [Theory, DatabaseProviders]
    public async Task CountViewsAsync_EmptyDesk_IsZeroForEveryView(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider);

        var counts = await world.Queries.CountViewsAsync("me@desk.test", Ct);

        Assert.All(Enum.GetValues<TicketView>(), view => Assert.Equal(0, counts[view]));
    }
}
