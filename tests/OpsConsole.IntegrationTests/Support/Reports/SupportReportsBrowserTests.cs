using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support.Reports;

/// <summary>The support reports page in a real browser over a month of a desk's tickets.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SupportReportsBrowserTests
{
    /// <summary>A month of tickets up to now: most answered and resolved, some still open, a third of the solved ones rated.</summary>
    private static async Task SeedAsync(TestDatabase db)
    {
        var world = new SupportWorld(db, DateTimeOffset.UtcNow);
        string[] agents = ["chen@desk", "wang@desk", "zhao@desk"];
        await world.AddAgentsAsync(
            new SupportAgent { Id = agents[0], Name = "Chen Li", Capacity = 8, Status = AgentStatus.Online },
            new SupportAgent { Id = agents[1], Name = "Wang Fang", Capacity = 6, Status = AgentStatus.Away },
            new SupportAgent { Id = agents[2], Name = "Zhao Min", Capacity = 4, Status = AgentStatus.Offline });
        await world.AddLearnerAsync("L-big", 2999m);
        string[] intents = ["refund_request", "billing", "login_account", "video_playback", "course_content", "invoice"];
        var random = new Random(11);
        var now = DateTime.UtcNow;
        var tickets = new List<Ticket>();
        for (var i = 0; i < 300; i++)
        {
            var created = now.AddMinutes(-random.Next(30 * 1440));
            DateTime? replied = random.Next(10) < 9 ? created.AddMinutes(5 + random.Next(600)) : null;
            DateTime? resolved = replied is { } r && random.Next(10) < 7 ? r.AddMinutes(30 + random.Next(3000)) : null;
            replied = replied > now ? null : replied;
            resolved = resolved > now ? null : resolved;
            var t = SupportWorld.Ticket(random.Next(5) == 0 ? "L-big" : $"L{i}", (TicketPriority)random.Next(4), created, replied, resolved,
                status: resolved is not null ? TicketStatus.Resolved : replied is not null ? TicketStatus.Pending : TicketStatus.New,
                assignee: replied is null ? null : agents[random.Next(agents.Length)], intent: random.Next(8) == 0 ? null : intents[random.Next(intents.Length)],
                channel: random.Next(2) == 0 ? "web" : "app");
            if (resolved is { } done && random.Next(3) == 0)
            {
                t.CsatRating = 1 + random.Next(5);
                t.CsatRatedAt = done;
            }
            tickets.Add(t);
        }
        await world.AddAsync([.. tickets]);
    }

    [Fact]
    public async Task SupportReports_Manager_SeesEveryChartAndTheAgents()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(db);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Platform:TimeZone"] = "Asia/Shanghai" });
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(app, context, Roles.Manager);

        await page.GotoAsync("/support/reports");

        await Assertions.Expect(page.Locator(".ops-support-facts .ops-fact")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator(".ops-chart__host .apexcharts-canvas")).ToHaveCountAsync(5, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator(".ops-support-agents-table tbody tr")).ToHaveCountAsync(3);
        await page.WaitForTimeoutAsync(1500); // let the charts finish drawing before the picture is taken
        await Browser.ScreenshotAsync(page, "support-reports");

        await Browser.ClickWhenInteractiveAsync(page, "button.ops-support-bucket-week", ".ops-support-bucket-week.mud-button-filled");
        await Assertions.Expect(page.Locator(".ops-chart__host .apexcharts-canvas")).ToHaveCountAsync(5);
    }
}
