using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.EndToEnd;

/// <summary>An admin's day in a real browser: issue a key in the UI, see the platform use it, see what it rejected.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminTests
{
    [Fact]
    public async Task ApiKeysPage_CreateKey_ShowsASecretThePlatformCanSendEventsWith()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(app, context, Roles.Admin, "Ada Admin");

        await page.GotoAsync("/admin/api-keys");
        await Browser.ClickWhenInteractiveAsync(page, ".ops-new-key", ".mud-dialog input");
        await page.FillAsync(".mud-dialog input", "platform-backend");
        await page.ClickAsync(".ops-create-key");
        var secret = (await page.Locator("[data-testid=api-key-secret]").InnerTextAsync()).Trim();
        await Browser.ScreenshotAsync(page, "admin-api-key-created");

        var client = app.CreateApiClient(secret);
        var response = await client.PostAsync("/api/v1/events", new StringContent(
            """[{"eventId":"e-1","learnerId":"u-1","type":"login","occurredAt":"2026-05-01T10:00:00Z"},{"eventId":"e-2","learnerId":"u-1","type":"fly","occurredAt":"2026-05-01T10:00:00Z"}]""",
            Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var ctx = await db.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var stored = await ctx.ApiKeys.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("platform-backend", stored.Name);
        Assert.NotNull(stored.LastUsedAt);

        await page.GotoAsync("/admin/quarantine");
        await Assertions.Expect(page.GetByText("is not a known event type").First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "admin-quarantine");
    }

    [Fact]
    public async Task LanguageMenu_SwitchToChinese_RendersTheConsoleInChinese()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(app, context, Roles.Admin, "Ada Admin");

        await page.GotoAsync("/culture/set?culture=zh-Hans&redirectUri=%2Fadmin%2Fapi-keys");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await Assertions.Expect(page.Locator(".ops-new-key")).Not.ToContainTextAsync("Create");
        await Browser.ScreenshotAsync(page, "admin-api-keys-zh");
    }
}
