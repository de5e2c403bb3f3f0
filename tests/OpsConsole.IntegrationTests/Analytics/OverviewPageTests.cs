using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Analytics;

/// <summary>The overview in a real browser over data the test writes: KPIs, charts, live counters and the rebuild button.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OverviewPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Sixty platform days of a small platform ending now: a growing crowd, some purchases, the odd refund.</summary>
    private static List<BehaviorEvent> History(PlatformTime time, int seed = 7)
    {
        var nowUtc = time.UtcNow;
        var random = new Random(seed);
        var events = new List<BehaviorEvent>();
        var types = new[] { EventType.View, EventType.View, EventType.Click, EventType.Search, EventType.LessonProgress };
        for (var daysAgo = 59; daysAgo >= 0; daysAgo--)
        {
            var crowd = 20 + (59 - daysAgo) / 2 + random.Next(10);
            for (var i = 0; i < crowd; i++)
            {
                var learner = $"u-{random.Next(40 + (59 - daysAgo) * 3)}";
                var dayStart = time.StartOfDayUtc(time.Today.AddDays(-daysAgo));
                var minutes = daysAgo == 0 ? Math.Max(1, (int)(nowUtc - dayStart).TotalMinutes) : 1440;
                var at = dayStart.AddMinutes(random.Next(minutes));
                var type = random.Next(100) < 6 ? EventType.Purchase : types[random.Next(types.Length)];
                decimal? amount = type == EventType.Purchase ? new[] { 49m, 99m, 199m, 299m }[random.Next(4)] : null;
                events.Add(new BehaviorEvent { EventId = $"h-{events.Count}", LearnerId = learner, Type = type, OccurredAt = at, Amount = amount, Currency = amount is null ? null : "CNY" });
                if (type == EventType.Purchase && random.Next(10) == 0)
                {
                    events.Add(new BehaviorEvent { EventId = $"h-{events.Count}", LearnerId = learner, Type = EventType.Refund, OccurredAt = at.AddMinutes(30), Amount = amount, Currency = "CNY" });
                }
            }
        }
        return events.Where(e => e.OccurredAt <= nowUtc).OrderBy(e => e.OccurredAt).ToList();
    }

    [Fact]
    public async Task Overview_WithHistory_ShowsKpisChartsAndLiveCountersThatFollowNewEvents()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        _ = app.BaseAddress;
        var time = app.Services.GetRequiredService<PlatformTime>();
        var history = History(time);
        await app.Services.GetRequiredService<EventStore>().AppendAsync(history, Ct);
        await app.Services.GetRequiredService<RollupService>().RecomputeAllAsync(Ct);
        var today = history.Where(e => time.DayOf(e.OccurredAt) == time.Today).ToList();
        await using var context = await Browser.NewContextAsync(app.BaseAddress);

        var page = await Browser.SignInAsync(app, context, Roles.Operator);

        await Assertions.Expect(page.Locator(".ops-kpi__value")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator(".ops-kpi__value").First).ToHaveTextAsync(today.Select(e => e.LearnerId).Distinct().Count().ToString("N0"));
        await Assertions.Expect(page.Locator(".ops-today__events")).ToHaveTextAsync(today.Count.ToString("N0"));
        await Assertions.Expect(page.Locator(".ops-chart__host .apexcharts-canvas")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".ops-live--live")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(1500); // let the charts finish drawing before the picture is taken
        await Browser.ScreenshotAsync(page, "overview");

        var client = await app.CreateIngestClientAsync();
        var stamp = DateTime.UtcNow.AddSeconds(-5).ToString("O");
        var fresh = Enumerable.Range(0, 3).Select(i => new { eventId = $"live-{i}", learnerId = $"new-{i}", type = "view", occurredAt = stamp });
        (await client.PostAsJsonAsync("/api/v1/events", fresh, Ct)).EnsureSuccessStatusCode();

        await Assertions.Expect(page.Locator(".ops-today__events")).ToHaveTextAsync((today.Count + 3).ToString("N0"));
        await Assertions.Expect(page.Locator(".ops-today__active")).ToHaveTextAsync((today.Select(e => e.LearnerId).Distinct().Count() + 3).ToString("N0"));
    }

    [Fact]
    public async Task Overview_ChineseBrowser_RendersChineseTexts()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        _ = app.BaseAddress;
        await app.Services.GetRequiredService<EventStore>().AppendAsync(History(app.Services.GetRequiredService<PlatformTime>(), seed: 11), Ct);
        await app.Services.GetRequiredService<RollupService>().RecomputeAllAsync(Ct);
        await using var context = await Browser.NewContextAsync(app.BaseAddress, locale: "zh-CN");

        var page = await Browser.SignInAsync(app, context, Roles.Manager);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("概览");
        await Assertions.Expect(page.Locator(".ops-chart__host .apexcharts-canvas")).ToHaveCountAsync(2);
        await page.WaitForTimeoutAsync(1500);
        await Browser.ScreenshotAsync(page, "overview-zh");
    }

    [Fact]
    public async Task Overview_NoEvents_ShowsTheEmptyState()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);

        var page = await Browser.SignInAsync(app, context, Roles.Operator);

        await Assertions.Expect(page.Locator(".ops-overview-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".ops-recompute")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "overview-empty");
    }

    [Fact]
    public async Task RecomputeNow_Manager_RebuildsRollupsAndReportsCompletion()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Jobs:Enabled"] = "true" });
        _ = app.BaseAddress;
        var history = History(app.Services.GetRequiredService<PlatformTime>(), seed: 3);
        await app.Services.GetRequiredService<EventStore>().AppendAsync(history, Ct);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(app, context, Roles.Manager);
        // The live indicator connects once the page is interactive; a click before that would go nowhere.
        await Assertions.Expect(page.Locator(".ops-live--live")).ToBeVisibleAsync();

        await page.ClickAsync(".ops-recompute");

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("recomputed", new() { Timeout = 60_000 });
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(history.Count, ctx.DailyRollups.Sum(r => r.Events));
        await Assertions.Expect(page.Locator(".ops-rollups-asof")).Not.ToContainTextAsync("not computed");
    }
}
