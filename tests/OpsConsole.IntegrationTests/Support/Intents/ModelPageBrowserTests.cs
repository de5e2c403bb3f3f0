using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support.Intents;

/// <summary>The intent model page in a real browser: the confusion matrix is drawn by the chart library, in both languages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelPageBrowserTests
{
    [Fact]
    public async Task ModelPage_ManagerAfterTraining_DrawsTheConfusionMatrixAndListsEveryIntent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await new DemoPlatformGenerator(db.Contexts, db.Options).GenerateAsync(new DemoRequest(2000, 120, 42, new DateOnly(2026, 6, 30)), null, ct);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Profiles:LiveRefresh"] = "false" });
        var version = await app.Services.GetRequiredService<IntentTrainer>().TrainAsync("manager@example.test", null, ct);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(app, context, Roles.Manager, "Zhou Min");

        await page.GotoAsync("/support/model");

        await Assertions.Expect(page.Locator(".ops-intent-confusion .apexcharts-heatmap-rect").First).ToBeVisibleAsync();
        Assert.Equal(version.Classes * version.Classes, await page.Locator(".ops-intent-confusion .apexcharts-heatmap-rect").CountAsync());
        Assert.Equal(version.Classes, await page.Locator(".ops-intent-table tbody tr").CountAsync());
        await Assertions.Expect(page.Locator(".ops-intent-train")).ToBeEnabledAsync();
        // The cells grow in; a picture taken at once catches them half drawn.
        await page.WaitForTimeoutAsync(1000);
        await Browser.ScreenshotAsync(page, "support-intent-model");

        await page.GotoAsync("/culture/set?culture=zh-Hans&redirectUri=%2Fsupport%2Fmodel");
        await Assertions.Expect(page.Locator(".ops-page-header__title")).ToHaveTextAsync("意图模型");
        await Assertions.Expect(page.Locator(".ops-intent-confusion .apexcharts-heatmap-rect").First).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(1000);
        await Browser.ScreenshotAsync(page, "support-intent-model-zh");
    }
}
