using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.EndToEnd;

/// <summary>A manager designs a retention experiment in the browser and starts it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExperimentDesignTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewExperiment_ManagerFillsTheFormAndStarts_ShowsItRunningAndStoresIt()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(app, context, Roles.Manager, "Mia Manager");

        await page.GotoAsync("/experiments");
        await Browser.ClickWhenInteractiveAsync(page, ".ops-new-experiment", ".ops-experiment-name input");
        await Browser.WaitInteractiveAsync(page);
        await page.FillAsync(".ops-experiment-name input", "Renewal reminder email");
        await page.FillAsync(".ops-experiment-key input", "renewal-reminder");
        await page.FillAsync(".ops-experiment-hypothesis textarea", "A reminder a week before expiry lifts renewals.");
        await page.ClickAsync(".mud-select.ops-experiment-metric");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "Membership renewal" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        // The fresh design already has control and one treatment at half the traffic each; the treatment gets its payload.
        await page.FillAsync("[data-variant='1'] .ops-variant-name input", "Reminder email");
        await page.FillAsync("[data-variant='1'] .ops-variant-payload textarea", """{"template":"renewal-reminder"}""");
        await Browser.ScreenshotAsync(page, "designed");
        await page.ClickAsync(".ops-experiment-save");

        await page.WaitForURLAsync("**/experiments/renewal-reminder");
        await Assertions.Expect(page.Locator(".ops-experiment-status")).ToHaveAttributeAsync("data-status", "draft");
        await Browser.ClickWhenInteractiveAsync(page, ".ops-experiment-start", ".mud-message-box__yes-button");
        await Browser.ScreenshotAsync(page, "confirm-start");
        await page.ClickAsync(".mud-message-box__yes-button");

        await Assertions.Expect(page.Locator(".ops-experiment-status")).ToHaveAttributeAsync("data-status", "running");
        await Assertions.Expect(page.Locator(".ops-experiment-status")).ToHaveTextAsync("Running");
        await Assertions.Expect(page.Locator(".ops-experiment-stop")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "running");

        await using (var ctx = await db.Contexts.CreateDbContextAsync(Ct))
        {
            var stored = await ctx.Experiments.AsNoTracking().Include(e => e.Variants).SingleAsync(Ct);
            Assert.Equal("renewal-reminder", stored.Key);
            Assert.Equal("Renewal reminder email", stored.Name);
            Assert.Equal(ExperimentStatus.Running, stored.Status);
            Assert.Equal(ExperimentMetric.MembershipRenewal, stored.PrimaryMetric);
            Assert.NotNull(stored.StartedAt);
            Assert.StartsWith("manager-", stored.StartedBy);
            var treatment = Assert.Single(stored.Variants, v => !v.IsControl);
            Assert.Equal("Reminder email", treatment.Name);
            Assert.Contains("renewal-reminder", treatment.Payload);
            Assert.Equal(1.0, stored.Variants.Sum(v => v.Weight), 6);
        }

        // The list agrees.
        await page.GotoAsync("/experiments");
        var row = page.Locator(".ops-grid--experiments tbody tr").Filter(new LocatorFilterOptions { HasText = "Renewal reminder email" });
        await Assertions.Expect(row.Locator(".ops-experiment-status")).ToHaveAttributeAsync("data-status", "running");
        await Browser.ScreenshotAsync(page, "list");
    }
}
