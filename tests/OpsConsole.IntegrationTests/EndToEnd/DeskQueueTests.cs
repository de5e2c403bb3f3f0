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
