using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Profiles;

namespace OpsConsole.IntegrationTests.EndToEnd;

/// <summary>An operator's tour of a demo platform: cohort retention, a learner's profile, and the console in Chinese.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RetentionThenLearnerProfile_OperatorSwitchesToChinese_ShowsFiguresThenTheProfileInChinese()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        // Thirteen weeks of a small platform: every weekly cohort of the default retention view has learners in it.
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "true",
            ["Demo:Learners"] = "150",
            ["Demo:Days"] = "91",
        });
        _ = app.BaseAddress;
        // What the nightly job does: profiles from the demo's events, so the learners list has rows.
        await app.Services.GetRequiredService<ProfileService>().RebuildAsync(null, Ct);
        var operatorAccount = DemoAccounts.All.Single(a => a.Role == OpsConsole.Access.Roles.Operator);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(context, operatorAccount.Email, operatorAccount.Password);

        // A link clicked before the circuit is live can be lost between the two renderings of the page.
        await Browser.WaitInteractiveAsync(page);
        await page.ClickAsync(".ops-nav a[href='/analytics/retention']");
        var heatmap = page.Locator("[data-testid=retention-heatmap]");
        await Assertions.Expect(heatmap).ToBeVisibleAsync();
        await Assertions.Expect(heatmap.Locator(".ops-heat__pct").First).ToContainTextAsync("%");
        // Every learner who signed up in the twelve weeks shown is in exactly one cohort row.
        var sizes = await heatmap.Locator("tbody tr:not(.ops-heat__row--average) .ops-heat__size").AllInnerTextsAsync();
        var shown = sizes.Sum(s => int.Parse(s, NumberStyles.AllowThousands, CultureInfo.CurrentCulture));
        var total = int.Parse(await heatmap.Locator(".ops-heat__row--average .ops-heat__size").InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.CurrentCulture);
        Assert.Equal(await SignupsInDefaultWindowAsync(app, db), shown);
        Assert.Equal(shown, total);
        Assert.True(total > 0);
        await Browser.ScreenshotAsync(page, "retention");

        await page.ClickAsync(".ops-nav a[href='/learners']");
        var first = page.Locator(".ops-grid--learners .ops-learner-link").First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        var learnerId = (await first.InnerTextAsync()).Trim();
        await Browser.ScreenshotAsync(page, "learners");
        await first.ClickAsync();
        await page.WaitForURLAsync($"**/learners/{Uri.EscapeDataString(learnerId)}");
        await Assertions.Expect(page.Locator(".ops-profile-toolbar")).ToContainTextAsync("All learners");
        await Assertions.Expect(page.Locator(".ops-page")).ToContainTextAsync(learnerId);
        await Browser.ScreenshotAsync(page, "profile");

        await Browser.ClickWhenInteractiveAsync(page, ".ops-lang", ".ops-lang__item--zh-Hans");
        await page.ClickAsync(".ops-lang__item--zh-Hans");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        Assert.EndsWith($"/learners/{Uri.EscapeDataString(learnerId)}", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator(".ops-profile-toolbar")).ToContainTextAsync("全部学员");
        await Assertions.Expect(page.Locator(".ops-nav")).ToContainTextAsync("学员");
        await Assertions.Expect(page.Locator(".ops-lang")).ToContainTextAsync("简体中文");
        await Assertions.Expect(page.Locator(".ops-page")).ToContainTextAsync(learnerId);
        await Browser.ScreenshotAsync(page, "profile-zh");
    }

    /// <summary>Learners whose first sign-up falls in the retention page's opening range: twelve weeks before this week, up to today.</summary>
    private static async Task<int> SignupsInDefaultWindowAsync(OpsConsoleApp app, TestDatabase db)
    {
        var time = app.Services.GetRequiredService<PlatformTime>();
        var from = time.StartOfDayUtc(CalendarPeriod.Week.StartOf(time.Today).AddDays(-7 * 12));
        var to = time.StartOfDayUtc(time.Today.AddDays(1));
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        var firsts = await ctx.Events.Where(e => e.Type == EventType.Signup)
            .GroupBy(e => e.LearnerId).Select(g => g.Min(e => e.OccurredAt)).ToListAsync(Ct);
        return firsts.Count(f => f >= from && f < to);
    }
}
