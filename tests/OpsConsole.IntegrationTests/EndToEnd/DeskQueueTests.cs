using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
    public async Task Queue_TicketPostedThroughTheApi_IsRoutedToTheAgentAndAppearsWithAToastWithoutAReload()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var email = await Browser.CreateUserAsync(app, Roles.SupportAgent, "Sam Agent");
        var agents = app.Services.GetRequiredService<AgentDirectory>();
        await agents.SaveAsync(new AgentProfile(email, "Sam Agent", "*", "en zh", "", 5), Ct);
        await agents.SetStatusAsync(email, AgentStatus.Online, Ct);
        await app.Services.GetRequiredService<KnowledgeBase>().CreateArticleAsync(new ArticleDraft("Videos that keep buffering",
            "Switch the player to 480p, or download the lesson in the app and watch it offline.", ["video_playback"]), "manager@example.test", Ct);
        await app.Services.GetRequiredService<KnowledgeBase>().CreateCannedAsync(new CannedDraft("Sign-off",
            "Thanks for your patience, {{learner.name}}. {{agent.name}}", []), Ct);
        var page = await SignInAsync(app, context, email);

        await page.GotoAsync("/support");
        await Assertions.Expect(page.Locator(".ops-queue-empty")).ToContainTextAsync("Nothing waiting on you");
        await Assertions.Expect(page.Locator(".ops-live--live")).ToBeVisibleAsync();
        var api = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Tickets, "platform"));
        var response = await api.PostAsJsonAsync("/api/v1/tickets",
            new { learnerId = "u-1024", subject = "Lesson 3 video will not play", body = "The video of lesson 3 keeps buffering on my phone." }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("ticketId").GetInt64();

        // The only online agent who can take it gets it: the toast and the row arrive without a reload.
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"Ticket #{id} assigned to you: Lesson 3 video will not play");
        await Assertions.Expect(page.Locator(".ops-queue-row")).ToContainTextAsync("Lesson 3 video will not play");
        await Assertions.Expect(page.Locator("[data-view=mine] .ops-queue-tab__count")).ToHaveTextAsync("1");
        await Browser.ScreenshotAsync(page, "support-queue-live");

        await page.ClickAsync(".ops-queue-row .ops-ticket-link");
        await Assertions.Expect(page.Locator(".ops-ticket-header__subject")).ToHaveTextAsync("Lesson 3 video will not play");
        await Assertions.Expect(page.Locator(".ops-message--learner")).ToContainTextAsync("keeps buffering");
        await Assertions.Expect(page.Locator(".ops-live--live")).ToBeVisibleAsync();

        // The learner writes again through the platform: the open ticket shows it at once.
        var again = await api.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "It also fails on the web player." }, Ct);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        await Assertions.Expect(page.Locator(".ops-message--learner").Last).ToContainTextAsync("It also fails on the web player.");
        await Browser.ScreenshotAsync(page, "support-ticket");

        // The agent answers from the suggested article and resolves: the learner is asked to rate the answer.
        await Assertions.Expect(page.Locator(".ops-suggestion--article .ops-suggestion__title")).ToHaveTextAsync("Videos that keep buffering");
        await page.ClickAsync(".ops-suggestion--article .ops-suggestion-insert");
        await Assertions.Expect(page.Locator(".ops-reply textarea")).ToHaveValueAsync("Switch the player to 480p, or download the lesson in the app and watch it offline.");
        await page.ClickAsync(".ops-reply-resolve");
        await Assertions.Expect(page.Locator(".ops-message--agent")).ToContainTextAsync("Switch the player to 480p");
        await Assertions.Expect(page.Locator(".ops-ticket-header")).ToContainTextAsync("Resolved");
        var answered = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}", Ct);
        Assert.Equal("resolved", answered.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ticket_AgentRepliesThenResolves_StatusChangesOnScreenAndInTheDatabase()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var email = await Browser.CreateUserAsync(app, Roles.SupportAgent, "Sam Agent");
        var agents = app.Services.GetRequiredService<AgentDirectory>();
        await agents.SaveAsync(new AgentProfile(email, "Sam Agent", "*", "en zh", "", 5), Ct);
        await agents.SetStatusAsync(email, AgentStatus.Online, Ct);

        // An agent's sign-in lands on the queue.
        var page = await SignInAsync(app, context, email);
        Assert.Equal("/support", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator(".ops-queue-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".ops-live--live")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "queue-empty");

        var api = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Tickets, "platform"));
        var response = await api.PostAsJsonAsync("/api/v1/tickets",
            new { learnerId = "u-2048", subject = "Invoice for my annual membership", body = "Please send me an invoice for the membership I bought yesterday." }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("ticketId").GetInt64();
        await Assertions.Expect(page.Locator(".ops-queue-row")).ToContainTextAsync("Invoice for my annual membership");
        await Browser.ScreenshotAsync(page, "queue-ticket-arrived");

        await page.ClickAsync(".ops-queue-row .ops-ticket-link");
        await Assertions.Expect(page.Locator(".ops-ticket-header__subject")).ToHaveTextAsync("Invoice for my annual membership");
        await Assertions.Expect(page.Locator(".ops-live--live")).ToBeVisibleAsync();
        const string reply = "Your invoice is on its way to the address on your account; it should arrive within the hour.";
        await page.FillAsync(".ops-reply textarea", reply);
        await page.ClickAsync(".ops-reply-send");

        // Sent: the answer is in the thread, and the ticket now waits on the learner.
        await Assertions.Expect(page.Locator(".ops-message--agent")).ToContainTextAsync(reply);
        await Assertions.Expect(page.Locator(".ops-ticket-header__chips")).ToContainTextAsync("Pending");
        await Assertions.Expect(page.Locator(".ops-reply textarea")).ToHaveValueAsync("");
        await Browser.ScreenshotAsync(page, "ticket-replied");
        Assert.Equal(TicketStatus.Pending, (await StoredAsync(db, id)).Status);

        await page.ClickAsync("[data-control=status] .mud-select");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "Resolved" }).ClickAsync();

        await Assertions.Expect(page.Locator(".ops-ticket-header__chips")).ToContainTextAsync("Resolved");
        await Browser.ScreenshotAsync(page, "ticket-resolved");
        var stored = await StoredAsync(db, id);
        Assert.Equal(TicketStatus.Resolved, stored.Status);
        Assert.NotNull(stored.ResolvedAt);
        Assert.NotNull(stored.FirstRespondedAt);
        await using (var ctx = await db.Contexts.CreateDbContextAsync(Ct))
        {
            Assert.Contains(await ctx.TicketMessages.Where(m => m.TicketId == id).Select(m => m.Body).ToListAsync(Ct), b => b == reply);
        }
        var answered = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}", Ct);
        Assert.Equal("resolved", answered.GetProperty("status").GetString());
    }

    private static async Task<Ticket> StoredAsync(TestDatabase db, long id)
    {
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        return await ctx.Tickets.AsNoTracking().SingleAsync(t => t.Id == id, Ct);
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
