using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support.Knowledge;

/// <summary>A manager keeps the help centre in a real browser; an agent reads it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KnowledgeBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KnowledgePage_ManagerEditsAnArticle_TheChangeIsStoredAndListed()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await app.Services.GetRequiredService<DemoKnowledgeBase>().SeedIfEmptyAsync(Ct);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(app, context, Roles.Manager, "Mia Manager");

        await page.GotoAsync("/support/knowledge");
        await Assertions.Expect(page.Locator(".ops-article-link").First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "support-knowledge");
        await Browser.ClickWhenInteractiveAsync(page, ".ops-article-link >> nth=0", ".ops-article-dialog");
        await page.FillAsync(".ops-article-title input", "Edited in the browser");
        await Browser.ScreenshotAsync(page, "support-knowledge-edit");
        await page.ClickAsync(".ops-article-save");

        await Assertions.Expect(page.Locator(".ops-article-link").First).ToHaveTextAsync("Edited in the browser");
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.True(await ctx.KnowledgeArticles.AnyAsync(a => a.Title == "Edited in the browser" && a.UpdatedBy.StartsWith("manager-"), Ct));

        await page.GotoAsync("/support/canned");
        await Browser.ClickWhenInteractiveAsync(page, ".ops-canned-link >> nth=0", ".ops-canned-dialog");
        await Assertions.Expect(page.Locator("[data-testid=canned-preview]")).ToContainTextAsync("Mia Manager");
        await Browser.ScreenshotAsync(page, "support-canned-preview");

        await page.GotoAsync("/support/automation");
        await Assertions.Expect(page.Locator("[data-stat=rate]")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "support-automation");
    }
}
