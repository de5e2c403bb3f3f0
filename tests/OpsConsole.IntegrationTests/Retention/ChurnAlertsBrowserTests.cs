using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Profiles;
using OpsConsole.Retention;

namespace OpsConsole.IntegrationTests.Retention;

/// <summary>An operator in a real browser while a scoring run raises a churn alert, worked through to an action.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChurnAlertsBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChurnAlert_RaisedWhileAnOperatorIsOnTheOverview_ToastsAndIsWorkedFromItsPage()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(app, context, Roles.Operator, "Olive Operator");
        await Assertions.Expect(page.Locator(".ops-live--live")).ToBeVisibleAsync();

        // The console-wide listener connects on its own: score a new high-value learner until its toast shows.
        var toast = page.Locator(".mud-snackbar", new PageLocatorOptions { HasTextString = "High-value learner" });
        string? learner = null;
        for (var run = 1; run <= 20 && !await toast.IsVisibleAsync(); run++)
        {
            learner = $"u-{run}";
            await ProfileAsync(db, learner, 4800m);
            await app.Services.GetRequiredService<ChurnScoreStore>().WriteAsync(
                [new ChurnScoreInput(learner, 0.82, [new ChurnDriver("days_since_active", "No lesson for 21 days", 0.5), new ChurnDriver("refunds", "Asked for a refund last week", 0.2)], null)], Ct);
            await app.Services.GetRequiredService<ChurnAlertService>().RaiseAsync(Ct);
            await page.WaitForTimeoutAsync(1500);
        }
        await Assertions.Expect(toast.Last).ToContainTextAsync($"High-value learner {learner} at 82% churn risk");
        await Browser.ScreenshotAsync(page, "churn-alert-toast");

        await toast.Last.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Open" }).ClickAsync();
        await Assertions.Expect(page.Locator(".ops-page-header__title")).ToHaveTextAsync($"Learner {learner}");
        await Assertions.Expect(page.Locator(".ops-driver__sentence").First).ToHaveTextAsync("No lesson for 21 days");
        await Browser.ClickWhenInteractiveAsync(page, ".ops-alert-ack", ".ops-alert-workflow[data-status=acknowledged]");
        await page.Locator(".ops-alert-action-pick").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Mentor call" }).ClickAsync();
        await page.Locator(".ops-alert-note-field textarea").FillAsync("Booked a call for Friday");
        await page.Locator(".ops-alert-record").ClickAsync();
        await Assertions.Expect(page.Locator(".ops-alert-workflow")).ToHaveAttributeAsync("data-status", "actioned");
        await Assertions.Expect(page.Locator(".ops-alert-note")).ToHaveTextAsync("Booked a call for Friday");
        await Browser.ScreenshotAsync(page, "churn-alert-page");

        await page.GotoAsync("/retention/alerts");
        await Assertions.Expect(page.Locator(".ops-alert-row")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".ops-alert-row", new PageLocatorOptions { HasTextString = learner })).ToContainTextAsync("Actioned");
        await Browser.ScreenshotAsync(page, "churn-alerts-list");
    }

    private static async Task ProfileAsync(TestDatabase db, string learnerId, decimal spend)
    {
        await using var context = await db.Contexts.CreateDbContextAsync(Ct);
        context.Learners.Add(new OpsConsole.Learners.Learner { Id = learnerId, SignupAt = DateTime.UtcNow.AddYears(-1) });
        context.Profiles.Add(new LearnerProfile { LearnerId = learnerId, NetSpend = spend, ComputedAt = DateTime.UtcNow, LastActiveAt = DateTime.UtcNow.AddDays(-21) });
        await context.SaveChangesAsync(Ct);
    }
}
