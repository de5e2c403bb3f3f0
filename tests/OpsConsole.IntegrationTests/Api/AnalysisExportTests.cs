using System.Net;
using System.Text;
using System.Text.Json;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Analytics;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Api;

/// <summary>The CSV downloads of the retention and funnel pages, over real HTTP with a signed-in operator.</summary>
public sealed class AnalysisExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Ev(string id, string learner, string type, string occurredAtUtc, string extra = "") =>
        $$"""{"eventId":"{{id}}","learnerId":"{{learner}}","type":"{{type}}","occurredAt":"{{occurredAtUtc}}"{{extra}}}""";

    /// <summary>a and b sign up in the Shanghai week of Jan 5; a views, takes a lesson and buys the next week; b views the week after.</summary>
    private static async Task<HttpClient> SeedAsync(OpsConsoleApp app)
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
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.RebuildLearnerHistoryAsync();
        return (await app.SignInAsync(Roles.Operator)).Client;
    }

    private static async Task<string[]> CsvLines(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
    }

    [Theory, DatabaseProviders]
    public async Task GetRetentionCsv_Operator_DownloadsTheHeatmapTableWithGroups(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var operatorClient = await SeedAsync(app);
        await new AnalyticsWorld(db, DateTimeOffset.UtcNow).DescribeAsync(l => l.Channel = l.Id == "a" ? "app" : null);

        var lines = await CsvLines(await operatorClient.GetAsync(
            "/analytics/retention/export.csv?cohortEvent=signup&returnEvent=any&period=week&periods=3&from=2026-01-05&to=2026-01-12&breakdown=channel", Ct));

        Assert.Equal("group,cohort_start,cohort_size,complete,week_1_learners,week_1_percent,week_2_learners,week_2_percent,week_3_learners,week_3_percent", lines[0]);
        Assert.Equal("(all),2026-01-05,2,true,1,50,1,50,0,0", lines[1]);
        Assert.Equal("app,2026-01-05,1,true,1,100,0,0,0,0", lines[2]);
        Assert.Equal("(none),2026-01-05,1,true,0,0,1,100,0,0", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Theory, DatabaseProviders]
    public async Task GetFunnelCsv_OperatorWithSegment_DownloadsStepsOfItsMembers(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var operatorClient = await SeedAsync(app);
        var segment = await new AnalyticsWorld(db, DateTimeOffset.UtcNow).SegmentAsync("a");
        const string Url = "/analytics/funnels/export.csv?steps=view,lesson_progress,purchase&windowHours=336&from=2026-01-01&to=2026-02-01";

        var everyone = await CsvLines(await operatorClient.GetAsync(Url, Ct));
        var members = await CsvLines(await operatorClient.GetAsync(Url + $"&segment={segment}", Ct));

        Assert.Equal("group,step,event,learners,conversion_from_previous_percent,conversion_overall_percent,dropped,median_seconds_from_previous", everyone[0]);
        Assert.Equal(["(all),1,view,2,,,1,", "(all),2,lesson_progress,1,50,50,0,1800", "(all),3,purchase,1,100,50,,86400"], everyone[1..]);
        Assert.Equal(["(all),1,view,1,,,0,", "(all),2,lesson_progress,1,100,100,0,1800", "(all),3,purchase,1,100,100,,86400"], members[1..]);
    }

    [Theory]
    [InlineData("/analytics/retention/export.csv?from=2026-01-05&to=2026-02-02&breakdown=os", "breakdown")]
    [InlineData("/analytics/retention/export.csv?from=2026-01-05&to=2026-02-02&segment=4040", "segment")]
    [InlineData("/analytics/retention/export.csv?to=2026-02-02", "from")]
    [InlineData("/analytics/funnels/export.csv?steps=view&from=2026-01-01&to=2026-02-01", "steps")]
    [InlineData("/analytics/funnels/export.csv?steps=view,purchase&from=2026-01-01&to=2026-02-01&segment=zero", "segment")]
    public async Task GetCsv_BadParameter_Returns400ProblemNamingIt(string url, string parameter)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (client, _) = await app.SignInAsync(Roles.Operator);

        var response = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }
}
