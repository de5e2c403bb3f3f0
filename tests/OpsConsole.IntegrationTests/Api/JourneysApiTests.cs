using System.Net;
using System.Text;
using System.Text.Json;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Api;

public sealed class JourneysApiTests(AnalyticsApiTests.SharedApp shared) : IClassFixture<AnalyticsApiTests.SharedApp>
{
    private const string Paths = "/api/v1/analytics/paths";
    private const string Lifecycle = "/api/v1/analytics/lifecycle";
    private const string Stickiness = "/api/v1/analytics/stickiness";
    private const string Compass = "/api/v1/analytics/compass";
    private const string PathsQuery = Paths + "?event=view&direction=after&steps=2&from=2026-01-13&to=2026-01-14";
    private const string LifecycleQuery = Lifecycle + "?period=week&from=2026-01-05&to=2026-01-26";
    private const string StickinessQuery = Stickiness + "?period=week&from=2026-01-05&to=2026-01-26";
    private const string CompassQuery = Compass + "?cohortEvent=signup&from=2026-01-01&to=2026-02-01";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private static string Ev(string id, string learner, string type, string occurredAtUtc) =>
        $$"""{"eventId":"{{id}}","learnerId":"{{learner}}","type":"{{type}}","occurredAt":"{{occurredAtUtc}}"}""";

    /// <summary>
    /// Through the ingestion API (Shanghai is UTC+8). a signs up Jan 5, views Jan 13 and takes a lesson exactly 30
    /// minutes later (same session), logs in Jan 14 and views again on day 23 after signing up. b signs up Jan 8, takes
    /// a lesson the next day and views Jan 20.
    /// </summary>
    private static async Task<HttpClient> SeedAsync(OpsConsoleApp app)
    {
        var ingest = await app.CreateIngestClientAsync();
        var body = "[" + string.Join(",",
            Ev("s-a", "a", "signup", "2026-01-05T02:00:00Z"),
            Ev("v-a", "a", "view", "2026-01-13T02:00:00Z"),
            Ev("l-a", "a", "lesson_progress", "2026-01-13T02:30:00Z"),
            Ev("g-a", "a", "login", "2026-01-14T02:30:00Z"),
            Ev("w-a", "a", "view", "2026-01-28T02:00:00Z"),
            Ev("s-b", "b", "signup", "2026-01-08T02:00:00Z"),
            Ev("l-b", "b", "lesson_progress", "2026-01-09T02:00:00Z"),
            Ev("v-b", "b", "view", "2026-01-20T02:00:00Z")) + "]";
        var response = await ingest.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(8, (await ReadJson(response)).GetProperty("accepted").GetInt32());
        await app.RebuildLearnerHistoryAsync();
        return app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Analytics, "analyst"));
    }

    [Theory, DatabaseProviders]
    public async Task GetPaths_AnalyticsKey_ReturnsNodesEdgesAndSequences(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await SeedAsync(app);

        var json = await ReadJson(await client.GetAsync(PathsQuery, Ct));

        Assert.Equal(("view", "after", 1, 1), (json.GetProperty("event").GetString(), json.GetProperty("direction").GetString(),
            json.GetProperty("paths").GetInt32(), json.GetProperty("learners").GetInt32()));
        Assert.Equal(["0 view 1", "1 lesson_progress 1"], json.GetProperty("nodes").EnumerateArray()
            .Select(n => $"{n.GetProperty("depth").GetInt32()} {n.GetProperty("type").GetString()} {n.GetProperty("paths").GetInt32()}"));
        var edge = Assert.Single(json.GetProperty("edges").EnumerateArray());
        Assert.Equal(("view", "lesson_progress"), (edge.GetProperty("from").GetString(), edge.GetProperty("to").GetString()));
        var top = Assert.Single(json.GetProperty("topSequences").EnumerateArray());
        Assert.Equal(["lesson_progress"], top.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        Assert.False(json.GetProperty("edgesTruncated").GetBoolean());
    }

    [Fact]
    public async Task GetPaths_EventsAfterTheRebuild_ShowUpOnceTheProfileUpdaterHasCleanedThem()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var client = await SeedAsync(app);
        var ingest = await app.CreateIngestClientAsync();

        // b views on Jan 13 and searches five minutes later: a second path after a view, which only the app's own
        // updater (every Profiles:RefreshIntervalSeconds) can add, since no rebuild runs after this.
        var body = "[" + Ev("v-b2", "b", "view", "2026-01-13T05:00:00Z") + "," + Ev("q-b2", "b", "search", "2026-01-13T05:05:00Z") + "]";
        Assert.Equal(HttpStatusCode.OK, (await ingest.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"), Ct)).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement json;
        do
        {
            await Task.Delay(200, Ct);
            json = await ReadJson(await client.GetAsync(PathsQuery, Ct));
        }
        while (json.GetProperty("paths").GetInt32() < 2 && DateTime.UtcNow < deadline);

        Assert.Equal((2, 2), (json.GetProperty("paths").GetInt32(), json.GetProperty("learners").GetInt32()));
        Assert.Equal(["lesson_progress", "search"], json.GetProperty("topSequences").EnumerateArray()
            .Select(s => string.Join(">", s.GetProperty("steps").EnumerateArray().Select(t => t.GetString()))).Order(StringComparer.Ordinal));
    }

    [Theory, DatabaseProviders]
    public async Task GetLifecycleAndStickiness_AnalyticsKey_ReturnWeeklyCounts(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await SeedAsync(app);

        var lifecycle = await ReadJson(await client.GetAsync(LifecycleQuery, Ct));
        var stickiness = await ReadJson(await client.GetAsync(StickinessQuery, Ct));

        Assert.Equal("week", lifecycle.GetProperty("period").GetString());
        Assert.Equal(["2026-01-05 2 0 0 0", "2026-01-12 0 1 0 -1", "2026-01-19 0 0 1 -1"], lifecycle.GetProperty("periods").EnumerateArray().Select(p =>
            $"{p.GetProperty("start").GetString()} {p.GetProperty("new").GetInt32()} {p.GetProperty("returning").GetInt32()} {p.GetProperty("resurrecting").GetInt32()} {p.GetProperty("dormant").GetInt32()}"));
        Assert.Equal(3, stickiness.GetProperty("periods").GetInt32());
        Assert.Equal([2, 2, 0, 0, 0, 0, 0], stickiness.GetProperty("learners").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Theory, DatabaseProviders]
    public async Task GetCompass_AnalyticsKey_ReturnsRatesAndPValue(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await SeedAsync(app);

        var json = await ReadJson(await client.GetAsync(CompassQuery, Ct));

        Assert.Equal((2, 1, 0), (json.GetProperty("measured").GetInt32(), json.GetProperty("retained").GetInt32(), json.GetProperty("maturing").GetInt32()));
        var row = Assert.Single(json.GetProperty("rows").EnumerateArray());
        Assert.Equal(("lesson_progress", 1, 0.0, 1.0, -1.0), (row.GetProperty("type").GetString(), row.GetProperty("did").GetInt32(),
            row.GetProperty("didRate").GetDouble(), row.GetProperty("didNotRate").GetDouble(), row.GetProperty("difference").GetDouble()));
        Assert.InRange(row.GetProperty("pValue").GetDouble(), 0.15, 0.16);
        Assert.False(row.GetProperty("significant").GetBoolean());
    }

    [Theory, DatabaseProviders]
    public async Task GetCsv_SignedInOperator_DownloadsTheSameReport(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        await SeedAsync(app);
        var (operatorClient, _) = await app.SignInAsync(Roles.Operator);

        var response = await operatorClient.GetAsync("/analytics/lifecycle/export.csv?period=week&from=2026-01-05&to=2026-01-26", Ct);
        var paths = await operatorClient.GetStringAsync("/analytics/paths/export.csv?event=view&steps=2&from=2026-01-13&to=2026-01-14", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["group,period_start,new,returning,resurrecting,dormant,complete", "(all),2026-01-05,2,0,0,0,true", "(all),2026-01-12,0,1,0,-1,true", "(all),2026-01-19,0,0,1,-1,true"], lines);
        Assert.Contains("(all),sequence,1,view,lesson_progress,lesson_progress,1,1", paths);
    }

    [Theory, DatabaseProviders]
    public async Task GetJourneys_BreakdownByChannel_ReturnGroupsPerValue(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await SeedAsync(app);
        await new Analytics.AnalyticsWorld(db, DateTimeOffset.UtcNow).DescribeAsync(l => l.Channel = l.Id == "a" ? "app" : null);

        var paths = await ReadJson(await client.GetAsync(PathsQuery + "&breakdown=channel", Ct));
        var lifecycle = await ReadJson(await client.GetAsync(LifecycleQuery + "&breakdown=channel", Ct));
        var stickiness = await ReadJson(await client.GetAsync(StickinessQuery + "&breakdown=channel", Ct));
        var compass = await ReadJson(await client.GetAsync(CompassQuery + "&breakdown=channel", Ct));

        Assert.All(new[] { paths, lifecycle, stickiness, compass }, json => Assert.Equal("channel", json.GetProperty("breakdown").GetString()));
        // Only a has a path after a view, so b's missing channel makes no group there.
        var pathGroup = Assert.Single(paths.GetProperty("groups").EnumerateArray());
        Assert.Equal(("app", 1, 1), (pathGroup.GetProperty("value").GetString(), pathGroup.GetProperty("paths").GetInt32(), pathGroup.GetProperty("learners").GetInt32()));
        Assert.Equal(["app: 2026-01-05 1 0 0 0, 2026-01-12 0 1 0 0, 2026-01-19 0 0 0 -1", "(none): 2026-01-05 1 0 0 0, 2026-01-12 0 0 0 -1, 2026-01-19 0 0 1 0"],
            lifecycle.GetProperty("groups").EnumerateArray().Select(g => $"{g.GetProperty("value").GetString()}: " + string.Join(", ", g.GetProperty("periods").EnumerateArray().Select(p =>
                $"{p.GetProperty("start").GetString()} {p.GetProperty("new").GetInt32()} {p.GetProperty("returning").GetInt32()} {p.GetProperty("resurrecting").GetInt32()} {p.GetProperty("dormant").GetInt32()}"))));
        Assert.Equal(["app 1,1,0,0,0,0,0", "(none) 1,1,0,0,0,0,0"], stickiness.GetProperty("groups").EnumerateArray()
            .Select(g => $"{g.GetProperty("value").GetString()} {string.Join(",", g.GetProperty("learners").EnumerateArray().Select(v => v.GetInt32()))}"));
        // a is retained and did nothing in its first week; b took a lesson and was not retained.
        Assert.Equal(["app 1 1 0", "(none) 1 0 1"], compass.GetProperty("groups").EnumerateArray().Select(g =>
            $"{g.GetProperty("value").GetString()} {g.GetProperty("measured").GetInt32()} {g.GetProperty("retained").GetInt32()} {g.GetProperty("rows").GetArrayLength()}"));
    }

    [Theory, DatabaseProviders]
    public async Task GetCsv_Breakdown_PutsEachGroupsRowsAfterEveryLearnersWithTheGroupInFront(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        await SeedAsync(app);
        await new Analytics.AnalyticsWorld(db, DateTimeOffset.UtcNow).DescribeAsync(l => l.Channel = l.Id == "a" ? "=app" : null);
        var (operatorClient, _) = await app.SignInAsync(Roles.Operator);

        var stickiness = await operatorClient.GetStringAsync("/analytics/stickiness/export.csv?period=week&from=2026-01-05&to=2026-01-26&breakdown=channel", Ct);
        var compass = await operatorClient.GetStringAsync("/analytics/compass/export.csv?cohortEvent=signup&from=2026-01-01&to=2026-02-01&breakdown=channel", Ct);

        var lines = stickiness.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("group,days_active,learner_periods", lines[0]);
        Assert.Equal(["(all),1,2", "(all),2,2"], lines[1..3]);
        // A value a spreadsheet would read as a formula is defused, as in the retention and funnel files.
        Assert.Equal(["'=app,1,1", "'=app,2,1"], lines[8..10]);
        Assert.Equal(["(none),1,1", "(none),2,1"], lines[15..17]);
        Assert.Equal(22, lines.Length);
        Assert.Contains("\n(none),lesson_progress,1,0,0,0,0,,,,false\n", compass);
    }

    [Theory]
    [InlineData(Paths + "?from=2026-01-01&to=2026-02-01", "event")]
    [InlineData(Paths + "?event=checkout&from=2026-01-01&to=2026-02-01", "event")]
    [InlineData(Paths + "?event=view&direction=sideways&from=2026-01-01&to=2026-02-01", "direction")]
    [InlineData(Paths + "?event=view&steps=0&from=2026-01-01&to=2026-02-01", "steps")]
    [InlineData(Paths + "?event=view&steps=6&from=2026-01-01&to=2026-02-01", "steps")]
    [InlineData(Paths + "?event=view&maxEdges=0&from=2026-01-01&to=2026-02-01", "maxEdges")]
    [InlineData(Paths + "?event=view&maxEdges=many&from=2026-01-01&to=2026-02-01", "maxEdges")]
    [InlineData(Paths + "?event=view&segment=abc&from=2026-01-01&to=2026-02-01", "segment")]
    [InlineData(Paths + "?event=view&segment=999&from=2026-01-01&to=2026-02-01", "segment")]
    [InlineData(Paths + "?event=view&from=2026-02-01&to=2026-01-01", "from")]
    [InlineData(Paths + "?event=view&from=2026-01-01", "to")]
    [InlineData(Lifecycle + "?period=year&from=2026-01-01&to=2026-02-01", "period")]
    [InlineData(Lifecycle + "?period=day&from=2024-01-01&to=2026-01-01", "to")]
    [InlineData(Lifecycle + "?segment=0&from=2026-01-01&to=2026-02-01", "segment")]
    [InlineData(Lifecycle + "?segment=77&from=2026-01-01&to=2026-02-01", "segment")]
    [InlineData(Lifecycle + "?from=01/01/2026&to=2026-02-01", "from")]
    [InlineData(Stickiness + "?period=day&from=2026-01-01&to=2026-02-01", "period")]
    [InlineData(Stickiness + "?period=month&from=2020-01-01&to=2026-02-01", "to")]
    [InlineData(Stickiness + "?segment=-3&from=2026-01-01&to=2026-02-01", "segment")]
    [InlineData(Compass + "?cohortEvent=signin&from=2026-01-01&to=2026-02-01", "cohortEvent")]
    [InlineData(Compass + "?to=2026-02-01", "from")]
    [InlineData(Compass + "?segment=42&from=2026-01-01&to=2026-02-01", "segment")]
    [InlineData(Compass + "?from=2026-01-01&to=9999-01-01", "to")]
    [InlineData(Paths + "?event=view&breakdown=os&from=2026-01-01&to=2026-02-01", "breakdown")]
    [InlineData(Lifecycle + "?breakdown=Region&from=2026-01-01&to=2026-02-01", "breakdown")]
    [InlineData(Stickiness + "?breakdown=country&from=2026-01-01&to=2026-02-01", "breakdown")]
    [InlineData(Compass + "?breakdown=tiers&from=2026-01-01&to=2026-02-01", "breakdown")]
    public async Task Get_BadParameter_Returns400ProblemNamingIt(string url, string parameter)
    {
        var response = await shared.Analyst.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJson(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out var messages), $"no error for {parameter}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Contains(parameter, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/analytics/paths/export.csv?event=view&from=2026-01-01&to=2026-02-01&breakdown=os")]
    [InlineData("/analytics/lifecycle/export.csv?from=2026-01-01&to=2026-02-01&breakdown=os")]
    [InlineData("/analytics/stickiness/export.csv?from=2026-01-01&to=2026-02-01&breakdown=os")]
    [InlineData("/analytics/compass/export.csv?from=2026-01-01&to=2026-02-01&breakdown=os")]
    public async Task GetCsv_UnknownBreakdown_Returns400ProblemNamingBreakdown(string url)
    {
        var (client, _) = await shared.App.SignInAsync(Roles.Operator);

        var response = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ReadJson(response)).GetProperty("errors").TryGetProperty("breakdown", out _));
    }

    [Theory]
    [InlineData(PathsQuery)]
    [InlineData(LifecycleQuery)]
    [InlineData(StickinessQuery)]
    [InlineData(CompassQuery)]
    public async Task Get_IngestKeyAnalyticsKeyAndNoKey_Return403200And401(string url)
    {
        var ingest = await shared.Ingest.GetAsync(url, Ct);
        var analyst = await shared.Analyst.GetAsync(url, Ct);
        var anonymous = await shared.App.CreateRawClient().GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, ingest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, analyst.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
