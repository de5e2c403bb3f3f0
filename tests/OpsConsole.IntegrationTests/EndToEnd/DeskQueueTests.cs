using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.EndToEnd;

/// <summary>An agent's queue in a real browser while the platform opens a ticket through the API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queue_TicketPostedThroughTheApi_AppearsLiveAndItsRoutingToastsTheAgent()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var email = await Browser.CreateUserAsync(app, Roles.SupportAgent, "Sam Agent");
        var agents = app.Services.GetRequiredService<AgentDirectory>();
        await agents.SaveAsync(new AgentProfile(email, "Sam Agent", "*", "en zh", "", 5), Ct);
        await agents.SetStatusAsync(email, AgentStatus.Online, Ct);
        var page = await SignInAsync(app, context, email);

        await page.GotoAsync("/support");
        await Assertions.Expect(page.Locator(".ops-queue-empty")).ToContainTextAsync("Nothing waiting on you");
        await Assertions.Expect(page.Locator(".ops-live--live")).ToBeVisibleAsync();
        var api = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Tickets, "platform"));
        var response = await api.PostAsJsonAsync("/api/v1/tickets",
            new { learnerId = "u-1024", subject = "Lesson 3 video will not play", body = "The video of lesson 3 keeps buffering on my phone." }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("ticketId").GetInt64();

        // No intent model yet: the ticket waits in triage, and the tab's count says so without a reload.
        await Assertions.Expect(page.Locator("[data-view=triage] .ops-queue-tab__count")).ToHaveTextAsync("1");
        await page.ClickAsync("[data-view=triage]");
        await Assertions.Expect(page.Locator(".ops-queue-row")).ToContainTextAsync("Lesson 3 video will not play");

        // A colleague reads it and sets the intent: the router gives it to the only online agent, who is told at once.
        await app.Services.GetRequiredService<SupportDesk>().SetIntentAsync(id, "video_playback", new Actor("lead@desk.test", "Lead"), Ct);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"Ticket #{id} assigned to you: Lesson 3 video will not play");
        await Assertions.Expect(page.Locator("[data-view=mine] .ops-queue-tab__count")).ToHaveTextAsync("1");
        await page.ClickAsync("[data-view=mine]");
        await Assertions.Expect(page.Locator(".ops-queue-row")).ToContainTextAsync("Lesson 3 video will not play");
        await Browser.ScreenshotAsync(page, "support-queue-live");

        await page.ClickAsync(".ops-queue-row .ops-ticket-link");
        await Assertions.Expect(page.Locator(".ops-ticket-header__subject")).ToHaveTextAsync("Lesson 3 video will not play");
        await Assertions.Expect(page.Locator(".ops-message--learner")).ToContainTextAsync("keeps buffering");
        await Browser.ScreenshotAsync(page, "support-ticket");
    }

    private static async Task<IPage> SignInAsync(OpsConsoleApp app, IBrowserContext context, string email)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", OpsConsoleApp.TestPassword);
        await page.ClickAsync("button[type=submit]");
        // An agent may not open the overview, so the sign-in lands wherever access is refused: anywhere but the sign-in form.
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }
}
