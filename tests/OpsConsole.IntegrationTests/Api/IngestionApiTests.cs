using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Api;

public sealed class IngestionApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Ev(string id, string learner = "u-1", string type = "view", string occurredAt = "2026-05-01T10:00:00Z", string extra = "") =>
        $$"""{"eventId":"{{id}}","learnerId":"{{learner}}","type":"{{type}}","occurredAt":"{{occurredAt}}"{{extra}}}""";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Theory, DatabaseProviders]
    public async Task PostEvents_MixedBatch_StoresValidOnesAndNamesEachRejectedField(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await app.CreateIngestClientAsync();
        var body = $"[{Ev("e-1")},{Ev("e-2", type: "purchase", extra: ",\"currency\":\"CNY\"")},{Ev("e-3", learner: "u-2", type: "purchase", extra: ",\"amount\":199.00,\"currency\":\"CNY\"")},{Ev("e-4", occurredAt: "2999-01-01T00:00:00Z")}]";

        var response = await client.PostAsync("/api/v1/events", Json(body), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJson(response);
        Assert.Equal(2, json.GetProperty("accepted").GetInt32());
        Assert.Equal(0, json.GetProperty("duplicates").GetInt32());
        var rejected = json.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal(2, rejected.Count);
        Assert.Equal((1, "e-2", "amount"), (rejected[0].GetProperty("index").GetInt32(), rejected[0].GetProperty("eventId").GetString(), rejected[0].GetProperty("field").GetString()));
        Assert.Equal((3, "e-4", "occurredAt"), (rejected[1].GetProperty("index").GetInt32(), rejected[1].GetProperty("eventId").GetString(), rejected[1].GetProperty("field").GetString()));
        Assert.Contains("future", rejected[1].GetProperty("reason").GetString());

        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(["e-1", "e-3"], await ctx.Events.OrderBy(e => e.EventId).Select(e => e.EventId).ToListAsync(Ct));
        Assert.Equal(["u-1", "u-2"], await ctx.Learners.OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(Ct));
        var quarantined = await ctx.Quarantine.OrderBy(q => q.Index).ToListAsync(Ct);
        Assert.Equal(["amount", "occurredAt"], quarantined.Select(q => q.Field));
        Assert.All(quarantined, q => Assert.Equal("api:test-backend", q.Source));
        Assert.Contains("\"e-2\"", quarantined[0].Payload);
    }

    [Theory, DatabaseProviders]
    public async Task PostEvents_ResentBatch_CountsDuplicatesAndStoresNothingNew(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await app.CreateIngestClientAsync();
        var body = $"[{Ev("e-1")},{Ev("e-2")}]";
        await client.PostAsync("/api/v1/events", Json(body), Ct);

        var response = await client.PostAsync("/api/v1/events", Json(body), Ct);

        var json = await ReadJson(response);
        Assert.Equal((0, 2), (json.GetProperty("accepted").GetInt32(), json.GetProperty("duplicates").GetInt32()));
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(2, await ctx.Events.CountAsync(Ct));
    }

    [Theory, DatabaseProviders]
    public async Task PostEvents_NdjsonWithABrokenLine_StoresTheOtherLines(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await app.CreateIngestClientAsync();
        var body = $"{Ev("e-1")}\n{{\"eventId\": \"e-2\", oops\n\n{Ev("e-3")}\n";

        var response = await client.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/x-ndjson"), Ct);

        var json = await ReadJson(response);
        Assert.Equal(2, json.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(json.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        Assert.Equal("(record)", rejected.GetProperty("field").GetString());
        Assert.Contains("not valid JSON", rejected.GetProperty("reason").GetString());
    }

    [Theory, DatabaseProviders]
    public async Task PostEvents_MalformedJson_Returns400ProblemAndStoresNothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await app.CreateIngestClientAsync();

        var response = await client.PostAsync("/api/v1/events", Json($"[{Ev("e-1")},{{\"eventId\":"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJson(response);
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString());
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await ctx.Events.CountAsync(Ct));
    }

    [Fact]
    public async Task PostEvents_BadRequests_GetClearProblemDetailsNever500()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Ingestion:MaxBodyBytes"] = "2048" });
        var client = await app.CreateIngestClientAsync();

        var cases = new (HttpContent Content, HttpStatusCode Expected, string DetailPart)[]
        {
            (new StringContent(Ev("e-1"), Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType, "application/json"),
            (Json(Ev("e-1")), HttpStatusCode.BadRequest, "JSON array"),
            (Json(""), HttpStatusCode.BadRequest, "empty"),
            (new ByteArrayContent([.. "[{\"eventId\":\"e-\u00e9\",\"learnerId\":\""u8, 0xC3, 0x28, .. "\"}]"u8]) { Headers = { ContentType = new("application/json") } }, HttpStatusCode.BadRequest, "UTF-8"),
            (Json("[" + string.Join(",", Enumerable.Range(0, 40).Select(i => Ev($"e-{i}"))) + "]"), HttpStatusCode.RequestEntityTooLarge, "2,048 bytes"),
        };
        foreach (var (content, expected, detailPart) in cases)
        {
            var response = await client.PostAsync("/api/v1/events", content, Ct);

            Assert.Equal(expected, response.StatusCode);
            var problem = await ReadJson(response);
            Assert.Contains(detailPart, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task PostEvents_KeyMissingRevokedOrWithoutScope_Returns401Or403()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var revoked = await app.CreateApiKeyAsync();
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        await keys.RevokeAsync((await keys.ListAsync(Ct)).Single().Id, Ct);
        var analyticsOnly = await app.CreateApiKeyAsync(ApiScopes.Analytics);

        var anonymous = await app.CreateRawClient().PostAsync("/api/v1/events", Json($"[{Ev("e-1")}]"), Ct);
        var wrongKey = await app.CreateApiClient("ops_not-a-key").PostAsync("/api/v1/events", Json($"[{Ev("e-1")}]"), Ct);
        var revokedKey = await app.CreateApiClient(revoked).PostAsync("/api/v1/events", Json($"[{Ev("e-1")}]"), Ct);
        var noScope = await app.CreateApiClient(analyticsOnly).PostAsync("/api/v1/events", Json($"[{Ev("e-1")}]"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revokedKey.StatusCode);
        Assert.Contains("revoked", (await ReadJson(revokedKey)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await ctx.Events.CountAsync(Ct));
    }

    [Fact]
    public async Task PostEvents_OverTheKeysRate_Returns429WithRetryAfter()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["ApiRateLimits:Ingest:RequestsPerSecond"] = "1", ["ApiRateLimits:Ingest:Burst"] = "2" });
        var client = await app.CreateIngestClientAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.PostAsync("/api/v1/events", Json($"[{Ev($"e-{i}")}]"), Ct)).StatusCode);
        }
        var limited = await client.PostAsync("/api/v1/events", Json($"[{Ev("e-x")}]"), Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(2));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal("Too many requests", (await ReadJson(limited)).GetProperty("title").GetString());
    }

    [Theory, DatabaseProviders]
    public async Task PutLearner_NewThenChanged_CreatesThenUpdatesKeepingPiiApart(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await app.CreateIngestClientAsync();

        var created = await client.PutAsync("/api/v1/learners/u-42", Json("""{"signupAt":"2026-04-01T08:00:00+08:00","channel":"wechat","tier":"monthly","name":"Li Lei","email":"li@example.com"}"""), Ct);
        var updated = await client.PutAsync("/api/v1/learners/u-42", Json("""{"region":"east","phone":"+86 138 0000 0000"}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        var learner = await ctx.Learners.Include(l => l.Pii).SingleAsync(Ct);
        Assert.Equal(("wechat", "east", Learners.MembershipTier.None), (learner.Channel, learner.Region, learner.Tier));
        Assert.Equal(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), learner.SignupAt);
        Assert.Equal(("Li Lei", "li@example.com", "+86 138 0000 0000"), (learner.Pii!.Name, learner.Pii.Email, learner.Pii.Phone));
    }

    [Theory]
    [InlineData("/api/v1/learners/u-1", """{"email":"not-an-email"}""", "email")]
    [InlineData("/api/v1/learners/u-1", """{"signupAt":"2026-04-01"}""", "signupAt")]
    [InlineData("/api/v1/learners/u-1", """{"tier":"platinum"}""", "tier")]
    [InlineData("/api/v1/catalog/c-1", """{"kind":"course"}""", "title")]
    [InlineData("/api/v1/catalog/c-1", """{"title":"Rust","price":-5}""", "price")]
    [InlineData("/api/v1/catalog/c-1", """{"title":"Rust","tags":"rust"}""", "tags")]
    public async Task PutRecord_InvalidField_Returns400NamingRecordAndField(string path, string body, string field)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var client = await app.CreateIngestClientAsync();

        var response = await client.PutAsync(path, Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadJson(response);
        Assert.Contains(path[(path.LastIndexOf('/') + 1)..], problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Theory, DatabaseProviders]
    public async Task PutCatalog_ValidItem_IsStoredWithTags(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        var client = await app.CreateIngestClientAsync();

        var response = await client.PutAsJsonAsync("/api/v1/catalog/c-7", new { title = "Rust in Production", kind = "live_class", topic = "Rust", tags = new[] { "Rust", "async" }, price = 299.0, level = "advanced" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        var item = await ctx.Catalog.SingleAsync(Ct);
        Assert.Equal((Catalog.ContentKind.LiveClass, "rust", "rust,async", 299m, Catalog.ContentLevel.Advanced), (item.Kind, item.Topic, item.Tags, item.Price, item.Level));
    }
}
