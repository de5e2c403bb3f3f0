using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Analytics;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Recommendations;

namespace OpsConsole.IntegrationTests.Recommendations;

public sealed class RecommendationApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(OpsConsoleApp App, HttpClient Client)> ServingAppAsync(TestDatabase db, bool train = true)
    {
        await RecommendationWorld.SeedAsync(db);
        var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Profiles:LiveRefresh"] = "false" });
        var client = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Recommend));
        if (train)
        {
            await RecommendationWorld.TrainAsync(app);
        }
        return (app, client);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Theory, DatabaseProviders]
    public async Task Recommend_LearnerWhoBoughtDocker_OffersKubernetesNextWithAReasonAndNeverWhatTheyOwn(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (app, client) = await ServingAppAsync(db);
        await using var owner = app;

        var response = await client.GetAsync("/api/v1/recommendations/u-docker?k=3&context=home", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        // Sent whole with its length, not in chunks.
        Assert.NotNull(response.Content.Headers.ContentLength);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        var json = await JsonAsync(response);
        var items = json.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(3, items.Length);
        Assert.Equal("c-k8s", items[0].GetProperty("itemId").GetString());
        Assert.Contains("Docker Basics", items[0].GetProperty("reason").GetString());
        Assert.Equal("c-docker", items[0].GetProperty("anchorItemId").GetString());
        var offered = items.Select(i => i.GetProperty("itemId").GetString()).ToArray();
        Assert.DoesNotContain("c-docker", offered);
        Assert.DoesNotContain("c-old", offered);
        Assert.Equal([1, 2, 3], items.Select(i => i.GetProperty("position").GetInt32()));
        Assert.False(json.GetProperty("coldStart").GetBoolean());
        Assert.Equal(1, json.GetProperty("modelVersion").GetInt32());
        Assert.Equal(32, json.GetProperty("recommendationId").GetString()!.Length);
    }

    [Theory, DatabaseProviders]
    public async Task Recommend_ServedLists_AreStoredAsOneImpressionPerItemExactlyAsServed(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (app, client) = await ServingAppAsync(db);
        await using var owner = app;
        var before = DateTime.UtcNow.AddSeconds(-1);

        var lists = new[]
        {
            await JsonAsync(await client.GetAsync("/api/v1/recommendations/u-docker?k=3&context=home", Ct)),
            await JsonAsync(await client.GetAsync("/api/v1/recommendations/u-never-seen?k=4&context=detail.sidebar", Ct)),
        };
        await app.Services.GetRequiredService<ImpressionLog>().FlushAsync(Ct);
        var after = DateTime.UtcNow.AddSeconds(1);

        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        var stored = await ctx.RecommendationImpressions.AsNoTracking().ToListAsync(Ct);
        var expected = lists.SelectMany(list => list.GetProperty("items").EnumerateArray().Select(item => (
            list.GetProperty("recommendationId").GetString(), list.GetProperty("learnerId").GetString(), item.GetProperty("itemId").GetString(),
            item.GetProperty("position").GetInt32(), item.GetProperty("score").GetSingle(), list.GetProperty("modelVersion").GetInt32(),
            list.GetProperty("context").GetString(), list.GetProperty("coldStart").GetBoolean()))).Order().ToArray();
        Assert.Equal(7, expected.Length);
        Assert.Equal(expected, stored.Select(i => ((string?)i.RecommendationId, (string?)i.LearnerId, (string?)i.ItemId, i.Position, i.Score, i.ModelId, (string?)i.Context, i.ColdStart)).Order());
        Assert.All(stored, i => Assert.InRange(i.ServedAt, before, after));
        Assert.True(stored.Single(i => i.LearnerId == "u-never-seen" && i.Position == 1).ColdStart);
    }

    [Fact]
    public async Task Recommend_ItemContext_AnswersLearnersWhoTookThisAlsoTook()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (app, client) = await ServingAppAsync(db);
        await using var owner = app;

        var json = await JsonAsync(await client.GetAsync("/api/v1/recommendations/m-00?k=2&context=item:c-rust", Ct));

        var first = json.GetProperty("items")[0];
        Assert.Equal("c-async", first.GetProperty("itemId").GetString());
        Assert.Equal("Learners who took “Rust for Beginners” also took this", first.GetProperty("reason").GetString());
        Assert.Equal("item:c-rust", json.GetProperty("context").GetString());
    }

    [Fact]
    public async Task Recommend_UnknownLearner_GetsTheColdStartListNotAnError()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (app, client) = await ServingAppAsync(db);
        await using var owner = app;

        var unknown = await client.GetAsync("/api/v1/recommendations/nobody-yet?k=4", Ct);
        var newcomer = await JsonAsync(await client.GetAsync("/api/v1/recommendations/u-new?k=4", Ct));

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var json = await JsonAsync(unknown);
        Assert.True(json.GetProperty("coldStart").GetBoolean());
        Assert.Equal(4, json.GetProperty("items").GetArrayLength());
        Assert.Contains(json.GetProperty("rules").EnumerateArray(), r => r.GetString()!.StartsWith("No history yet", StringComparison.Ordinal));
        // A newcomer from wechat, where rust learners come from, is offered rust first.
        Assert.Equal("rust", newcomer.GetProperty("items")[0].GetProperty("topic").GetString());
        Assert.Equal("popular_in_channel", newcomer.GetProperty("items")[0].GetProperty("reasonCode").GetString());
    }

    [Theory]
    [InlineData("k=0", "k")]
    [InlineData("k=101", "k")]
    [InlineData("k=ten", "k")]
    [InlineData("context=item:no-such-item", "context")]
    [InlineData("context=bad%20placement", "context")]
    public async Task Recommend_BadParameter_Returns400NamingIt(string query, string field)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (app, client) = await ServingAppAsync(db);
        await using var owner = app;

        var response = await client.GetAsync($"/api/v1/recommendations/u-docker?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Recommend_NoModelTrainedYet_Returns503Problem()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (app, client) = await ServingAppAsync(db, train: false);
        await using var owner = app;

        var response = await client.GetAsync("/api/v1/recommendations/u-docker", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Recommend_AnalyticsKeyOrNoKey_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (app, _) = await ServingAppAsync(db, train: false);
        await using var __ = app;

        var analytics = await app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Analytics)).GetAsync("/api/v1/recommendations/u-1", Ct);
        var anonymous = await app.CreateRawClient().GetAsync("/api/v1/recommendations/u-1", Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (analytics.StatusCode, anonymous.StatusCode));
    }

    [Theory, DatabaseProviders]
    public async Task Feedback_Click_IsCreditedOnceLoggedAsAnEventAndCountedOnline(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (app, client) = await ServingAppAsync(db);
        await using var owner = app;
        var list = await JsonAsync(await client.GetAsync("/api/v1/recommendations/u-docker?k=3", Ct));
        var id = list.GetProperty("recommendationId").GetString();
        var item = list.GetProperty("items")[1].GetProperty("itemId").GetString();

        var first = await client.PostAsJsonAsync("/api/v1/recommendations/feedback", new { recommendationId = id, itemId = item, kind = "click" }, Ct);
        var again = await client.PostAsJsonAsync("/api/v1/recommendations/feedback", new { recommendationId = id, itemId = item, kind = "click" }, Ct);
        var bought = await client.PostAsJsonAsync("/api/v1/recommendations/feedback", new { recommendationId = id, itemId = item, kind = "purchase", amount = 199 }, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode, bought.StatusCode));
        Assert.False((await JsonAsync(first)).GetProperty("alreadyRecorded").GetBoolean());
        Assert.True((await JsonAsync(again)).GetProperty("alreadyRecorded").GetBoolean());
        Assert.Equal(2, (await JsonAsync(first)).GetProperty("position").GetInt32());
        await using (var ctx = await db.Contexts.CreateDbContextAsync(Ct))
        {
            var click = await ctx.Events.SingleAsync(e => e.Type == EventType.RecommendationClick, Ct);
            Assert.Equal(("u-docker", item), (click.LearnerId, click.ItemId));
            Assert.Contains(id!, click.Properties);
        }
        var today = app.Services.GetRequiredService<PlatformTime>().Today;
        var report = await app.Services.GetRequiredService<OnlineQualityQuery>().RunAsync(new DayRange(today.AddDays(-1), today), null, Ct);
        var version = Assert.Single(report.Versions);
        Assert.Equal((1, 1L, 3L, 1L, 1L, 199m), (version.ModelVersion, version.Lists, version.Figures.Impressions, version.Figures.Clicks, version.Figures.Purchases, version.Figures.Revenue));
        Assert.Equal(1L, report.Positions.Single(p => p.Position == 2).Figures.Clicks);
        Assert.Equal(0L, report.Positions.Single(p => p.Position == 1).Figures.Clicks);
    }

    [Fact]
    public async Task Feedback_BadReports_NameTheFieldAndStoreNothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (app, client) = await ServingAppAsync(db);
        await using var owner = app;
        var id = (await JsonAsync(await client.GetAsync("/api/v1/recommendations/u-docker?k=2", Ct))).GetProperty("recommendationId").GetString();

        var unknownList = await client.PostAsJsonAsync("/api/v1/recommendations/feedback", new { recommendationId = "0123456789abcdef0123456789abcdef", itemId = "c-k8s", kind = "click" }, Ct);
        var notInList = await client.PostAsJsonAsync("/api/v1/recommendations/feedback", new { recommendationId = id, itemId = "c-docker", kind = "click" }, Ct);
        var badKind = await client.PostAsJsonAsync("/api/v1/recommendations/feedback", new { recommendationId = id, itemId = "c-k8s", kind = "like" }, Ct);
        var missing = await client.PostAsJsonAsync("/api/v1/recommendations/feedback", new { itemId = "c-k8s", kind = "click" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknownList.StatusCode);
        Assert.Contains("recommendationId", await unknownList.Content.ReadAsStringAsync(Ct));
        Assert.True((await JsonAsync(notInList)).GetProperty("errors").TryGetProperty("itemId", out _));
        Assert.True((await JsonAsync(badKind)).GetProperty("errors").TryGetProperty("kind", out _));
        Assert.True((await JsonAsync(missing)).GetProperty("errors").TryGetProperty("recommendationId", out _));
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await ctx.RecommendationFeedback.CountAsync(Ct));
    }

    [Theory, DatabaseProviders]
    public async Task CreditEvents_IngestedClickAndLaterPurchase_AreCreditedToTheListThatShowedTheItem(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (app, client) = await ServingAppAsync(db);
        await using var owner = app;
        // One item only (Kubernetes), so the machine-learning purchase below was never recommended.
        var list = await JsonAsync(await client.GetAsync("/api/v1/recommendations/u-docker?k=1", Ct));
        var id = list.GetProperty("recommendationId").GetString()!;
        Assert.Equal("c-k8s", list.GetProperty("items")[0].GetProperty("itemId").GetString());
        var now = DateTime.UtcNow;
        var ingest = await app.CreateIngestClientAsync();
        var body = string.Join('\n',
            $$$"""{"eventId":"click-1","learnerId":"u-docker","type":"recommendation_click","occurredAt":"{{{now:O}}}","itemId":"c-k8s","properties":{"recommendationId":"{{{id}}}"}}""",
            $$"""{"eventId":"buy-1","learnerId":"u-docker","type":"purchase","occurredAt":"{{now.AddMinutes(1):O}}","itemId":"c-k8s","amount":199,"currency":"CNY"}""",
            $$"""{"eventId":"buy-2","learnerId":"u-docker","type":"purchase","occurredAt":"{{now.AddMinutes(1):O}}","itemId":"c-ml","amount":299,"currency":"CNY"}""");
        (await ingest.PostAsync("/api/v1/events", new StringContent(body, System.Text.Encoding.UTF8, "application/x-ndjson"), Ct)).EnsureSuccessStatusCode();

        // The instance's background upkeep credits them within seconds.
        var credits = await WaitForAsync(async () =>
        {
            await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
            var rows = await ctx.RecommendationFeedback.AsNoTracking().OrderBy(f => f.Kind).ToListAsync(Ct);
            return (rows.Count >= 2, rows);
        });

        Assert.Equal([(id, "c-k8s", FeedbackKind.Click, (decimal?)null), (id, "c-k8s", FeedbackKind.Purchase, 199m)],
            credits.Select(f => (f.RecommendationId, f.ItemId, f.Kind, f.Amount)));
        // Once the instance has seen the purchase, the learner who now owns Kubernetes is no longer offered it.
        var next = await WaitForAsync(async () =>
        {
            var items = (await JsonAsync(await client.GetAsync("/api/v1/recommendations/u-docker?k=3", Ct))).GetProperty("items");
            return (items.EnumerateArray().All(i => i.GetProperty("itemId").GetString() != "c-k8s"), items.Clone());
        });
        Assert.Equal(3, next.GetArrayLength());
    }

    /// <summary>Polls until the probe reports done: the background upkeep works on its own schedule.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<(bool Done, T Value)>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var (done, value) = await probe();
            if (done)
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the background upkeep");
            await Task.Delay(200, Ct);
        }
    }
}
