using System.Net;
using System.Text;
using System.Text.Json;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Api;

public sealed class AnalyticsApiTests(AnalyticsApiTests.SharedApp shared) : IClassFixture<AnalyticsApiTests.SharedApp>
{
    private const string Retention = "/api/v1/analytics/retention";
    private const string Funnel = "/api/v1/analytics/funnel";
    private const string RetentionQuery = Retention + "?cohortEvent=signup&returnEvent=any&period=week&periods=3&from=2026-01-05&to=2026-01-12";
    private const string FunnelQuery = Funnel + "?steps=view,lesson_progress,purchase&windowHours=336&from=2026-01-01&to=2026-02-01";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private static string Ev(string id, string learner, string type, string occurredAtUtc, string extra = "") =>
        $$"""{"eventId":"{{id}}","learnerId":"{{learner}}","type":"{{type}}","occurredAt":"{{occurredAtUtc}}"{{extra}}}""";

    /// <summary>
    /// Sent through the ingestion API (Shanghai is UTC+8). a and b sign up in the week of Jan 5; a views, takes a
    /// lesson half an hour later and buys a day after that in the week of Jan 12; b views a week later.
    /// </summary>
    private static async Task SeedAsync(OpsConsoleApp app)
    {
        var ingest = await app.CreateIngestClientAsync();
        var body = "[" + string.Join(",",
            Ev("s-a", "a", "signup", "2026-01-05T02:00:00Z"),
            Ev("s-b", "b", "signup", "2026-01-08T02:00:00Z"),
            Ev("v-a", "a", "view", "2026-01-13T02:00:00Z"),
            Ev("l-a", "a", "lesson_progress", "2026-01-13T02:30:00Z"),
            Ev("p-a", "a", "purchase", "2026-01-14T02:30:00Z", ",\"amount\":99.00,\"currency\":\"CNY\""),
            Ev("v-b", "b", "view", "2026-01-20T02:00:00Z")) + "]";
        var response = await ingest.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(6, (await ReadJson(response)).GetProperty("accepted").GetInt32());
        await app.RebuildLearnerHistoryAsync();
    }

    [Theory, DatabaseProviders]
    public async Task GetRetention_AnalyticsKey_ReturnsWeeklyCohorts(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        await SeedAsync(app);
        var client = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Analytics, "analyst"));

        var response = await client.GetAsync(RetentionQuery, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJson(response);
        Assert.Equal("week", json.GetProperty("period").GetString());
        var cohort = Assert.Single(json.GetProperty("cohorts").EnumerateArray());
        Assert.Equal("2026-01-05", cohort.GetProperty("start").GetString());
        Assert.Equal(2, cohort.GetProperty("size").GetInt32());
        Assert.Equal([2, 1, 1, 0], cohort.GetProperty("retained").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory, DatabaseProviders]
    public async Task GetFunnel_AnalyticsKey_ReturnsLearnersAndMedianSecondsPerStep(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        await SeedAsync(app);
        var client = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Analytics, "analyst"));

        var response = await client.GetAsync(FunnelQuery, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var steps = (await ReadJson(response)).GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["view", "lesson_progress", "purchase"], steps.Select(s => s.GetProperty("type").GetString()));
        Assert.Equal([2, 1, 1], steps.Select(s => s.GetProperty("learners").GetInt32()));
        Assert.Equal(JsonValueKind.Null, steps[0].GetProperty("medianSecondsFromPrevious").ValueKind);
        Assert.Equal([1800.0, 86400.0], steps.Skip(1).Select(s => s.GetProperty("medianSecondsFromPrevious").GetDouble()));
    }

    [Theory, DatabaseProviders]
    public async Task Get_SegmentAndBreakdown_FilterAndSplitTheResults(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        await SeedAsync(app);
        var world = new Analytics.AnalyticsWorld(db, DateTimeOffset.UtcNow);
        await world.DescribeAsync(l => l.Tier = l.Id == "a" ? OpsConsole.Learners.MembershipTier.Annual : OpsConsole.Learners.MembershipTier.None);
        var segment = await world.SegmentAsync("b");
        var client = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Analytics, "analyst"));

        var retention = await ReadJson(await client.GetAsync(RetentionQuery + "&breakdown=tier", Ct));
        var funnel = await ReadJson(await client.GetAsync(FunnelQuery + $"&segment={segment}", Ct));

        Assert.Equal("tier", retention.GetProperty("breakdown").GetString());
        var groups = retention.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["Annual", "None"], groups.Select(g => g.GetProperty("value").GetString()));
        Assert.Equal([1, 1, 0, 0], Assert.Single(groups[0].GetProperty("cohorts").EnumerateArray()).GetProperty("retained").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([1, 0, 1, 0], Assert.Single(groups[1].GetProperty("cohorts").EnumerateArray()).GetProperty("retained").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([1, 0, 0], funnel.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("learners").GetInt32()));
    }

    [Theory]
    [InlineData(Retention + "?segment=abc&from=2026-01-05&to=2026-03-02", "segment")]
    [InlineData(Retention + "?segment=4040&from=2026-01-05&to=2026-03-02", "segment")]
    [InlineData(Retention + "?breakdown=os&from=2026-01-05&to=2026-03-02", "breakdown")]
    [InlineData(Funnel + "?steps=view,purchase&segment=-1&from=2026-01-01&to=2026-02-01", "segment")]
    [InlineData(Funnel + "?steps=view,purchase&segment=4040&from=2026-01-01&to=2026-02-01", "segment")]
    [InlineData(Funnel + "?steps=view,purchase&breakdown=Channel&from=2026-01-01&to=2026-02-01", "breakdown")]
    [InlineData(Retention + "?period=year&from=2026-01-05&to=2026-03-02", "period")]
    [InlineData(Retention + "?periods=0&from=2026-01-05&to=2026-03-02", "periods")]
    [InlineData(Retention + "?periods=53&from=2026-01-05&to=2026-03-02", "periods")]
    [InlineData(Retention + "?periods=eight&from=2026-01-05&to=2026-03-02", "periods")]
    [InlineData(Retention + "?from=2026-03-02&to=2026-01-05", "from")]
    [InlineData(Retention + "?cohortEvent=signin&from=2026-01-05&to=2026-03-02", "cohortEvent")]
    [InlineData(Retention + "?returnEvent=anything&from=2026-01-05&to=2026-03-02", "returnEvent")]
    [InlineData(Retention + "?from=2026-02-30&to=2026-03-02", "from")]
    [InlineData(Retention + "?from=2026-01-05&to=next-monday", "to")]
    [InlineData(Retention + "?to=2026-03-02", "from")]
    [InlineData(Retention + "?period=month&from=2026-01-01&to=9999-12-31", "to")]
    [InlineData(Funnel + "?steps=view,purchase&from=0001-01-01&to=2026-02-01", "from")]
    [InlineData(Retention + "?unbounded=maybe&from=2026-01-05&to=2026-03-02", "unbounded")]
    [InlineData(Retention + "?period=day&from=2024-01-01&to=2026-01-01", "to")]
    [InlineData(Funnel + "?steps=view&from=2026-01-01&to=2026-02-01", "steps")]
    [InlineData(Funnel + "?steps=view,click,search,login,share,rate,refund,purchase,signup&from=2026-01-01&to=2026-02-01", "steps")]
    [InlineData(Funnel + "?steps=view,checkout&from=2026-01-01&to=2026-02-01", "steps")]
    [InlineData(Funnel + "?steps=view,view&from=2026-01-01&to=2026-02-01", "steps")]
    [InlineData(Funnel + "?steps=view,purchase&windowHours=0&from=2026-01-01&to=2026-02-01", "windowHours")]
    [InlineData(Funnel + "?steps=view,purchase&windowHours=-24&from=2026-01-01&to=2026-02-01", "windowHours")]
    [InlineData(Funnel + "?steps=view,purchase&windowHours=a-week&from=2026-01-01&to=2026-02-01", "windowHours")]
    [InlineData(Funnel + "?steps=view,purchase&from=2026-02-01&to=2026-01-01", "from")]
    [InlineData(Funnel + "?steps=view,purchase&from=01/01/2026&to=2026-02-01", "from")]
    public async Task Get_BadParameter_Returns400ProblemNamingIt(string url, string parameter)
    {
        var response = await shared.Analyst.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJson(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out var messages), $"no error for {parameter}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Contains(parameter, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(RetentionQuery)]
    [InlineData(FunnelQuery)]
    public async Task Get_IngestOnlyKey_Returns403(string url)
    {
        var response = await shared.Ingest.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(RetentionQuery)]
    [InlineData(FunnelQuery)]
    public async Task Get_AnalyticsKeyAndNoKey_Return200And401(string url)
    {
        var analyst = await shared.Analyst.GetAsync(url, Ct);
        var anonymous = await shared.App.CreateRawClient().GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.OK, analyst.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    /// <summary>One app over an empty SQLite database with an analytics key and an ingest-only key.</summary>
    public sealed class SharedApp : IAsyncLifetime
    {
        private TestDatabase _db = null!;

        public OpsConsoleApp App { get; private set; } = null!;
        public HttpClient Analyst { get; private set; } = null!;
        public HttpClient Ingest { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
            App = new OpsConsoleApp(_db);
            Analyst = App.CreateApiClient(await App.CreateApiKeyAsync(ApiScopes.Analytics, "analyst"));
            Ingest = await App.CreateIngestClientAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await _db.DisposeAsync();
        }
    }
}
