using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Profiles;

namespace OpsConsole.IntegrationTests.Api;

public sealed class ProfileApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<OpsConsoleApp> AppWithProfilesAsync(TestDatabase db)
    {
        var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Profiles:LiveRefresh"] = "false" });
        var ingest = await app.CreateIngestClientAsync();
        var now = DateTime.UtcNow;
        var body = string.Join('\n',
            $$$"""{"eventId":"e-1","learnerId":"u-1","type":"signup","occurredAt":"{{{now.AddDays(-20):O}}}","properties":{"device":"ios"}}""",
            $$"""{"eventId":"e-2","learnerId":"u-1","type":"purchase","occurredAt":"{{now.AddDays(-2):O}}","itemId":"c-1","amount":199,"currency":"CNY"}""",
            $$"""{"eventId":"e-3","learnerId":"u-2","type":"view","occurredAt":"{{now.AddDays(-1):O}}","itemId":"c-1"}""");
        var put = await ingest.PutAsync("/api/v1/catalog/c-1", new StringContent(
            """{"title":"Kubernetes in Action","kind":"course","topic":"cloud","tags":["kubernetes","containers"],"price":199,"currency":"CNY"}""", Encoding.UTF8, "application/json"), Ct);
        put.EnsureSuccessStatusCode();
        (await ingest.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/x-ndjson"), Ct)).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<ProfileService>().RebuildAsync(null, Ct);
        return app;
    }

    [Theory, DatabaseProviders]
    public async Task GetProfile_AnalyticsKey_ReturnsTheDerivedProfileWithoutPii(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = await AppWithProfilesAsync(db);
        var client = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Analytics));

        var response = await client.GetAsync("/api/v1/learners/u-1/profile", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("u-1", json.GetProperty("learnerId").GetString());
        Assert.Equal("Active", json.GetProperty("lifecycle").GetString());
        var consumption = json.GetProperty("consumption");
        Assert.Equal((1, 199m, "CNY"), (consumption.GetProperty("orders").GetInt32(), consumption.GetProperty("netSpend").GetDecimal(), consumption.GetProperty("currency").GetString()));
        Assert.Equal("ios", json.GetProperty("engagement").GetProperty("preferredDevice").GetString());
        Assert.Equal(["containers", "kubernetes"], json.GetProperty("interests").EnumerateArray().Select(i => i.GetProperty("tag").GetString()).Order());
        Assert.Equal(0.5, json.GetProperty("interests")[0].GetProperty("weight").GetDouble());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("rfm").ValueKind);
        Assert.False(json.TryGetProperty("email", out _));
    }

    [Fact]
    public async Task GetProfile_UnknownLearner_Returns404Problem()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = await AppWithProfilesAsync(db);
        var client = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Analytics));

        var response = await client.GetAsync("/api/v1/learners/nobody/profile", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nobody", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task GetProfile_IngestOnlyKeyOrNoKey_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = await AppWithProfilesAsync(db);

        var ingestOnly = await app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Ingest)).GetAsync("/api/v1/learners/u-1/profile", Ct);
        var anonymous = await app.CreateRawClient().GetAsync("/api/v1/learners/u-1/profile", Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (ingestOnly.StatusCode, anonymous.StatusCode));
    }

    [Theory]
    [InlineData(Roles.Operator, "z***@example.com")]
    [InlineData(Roles.Manager, "zhang.wei@example.com")]
    public async Task ExportCsv_FilteredList_StreamsMatchingRowsWithPiiAsTheRoleMaySee(string role, string expectedEmail)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = await AppWithProfilesAsync(db);
        var learners = await app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Ingest)).PutAsync("/api/v1/learners/u-1", new StringContent(
            """{"name":"张伟","email":"zhang.wei@example.com","channel":"wechat"}""", Encoding.UTF8, "application/json"), Ct);
        Assert.True(learners.IsSuccessStatusCode, await learners.Content.ReadAsStringAsync(Ct));
        var (client, _) = await app.SignInAsync(role);

        var response = await client.GetAsync("/learners/export.csv?lifecycle=Active&sort=NetSpend&desc=true", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split(new[] { "\r\n", "\n" }, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(LearnerCsv.Header, lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("u-1,", lines[1]);
        Assert.Contains(expectedEmail, lines[1]);
        Assert.Contains(",199.00,", lines[1]);
    }

    [Fact]
    public async Task SegmentExport_Members_StreamsThemAsTheLearnersCsv()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = await AppWithProfilesAsync(db);
        var segments = app.Services.GetRequiredService<OpsConsole.Segments.SegmentService>();
        var segment = await segments.CreateFromIdsAsync("Buyers", ["u-1"], null, Ct);
        var (client, _) = await app.SignInAsync(Roles.Operator);

        var response = await client.GetAsync($"/segments/{segment.Segment.Id}/export.csv", Ct);
        var missing = await client.GetAsync("/segments/999/export.csv", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split(new[] { "\r\n", "\n" }, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("u-1,", lines[1]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
