using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Tests.Fuzzing;

namespace OpsConsole.IntegrationTests.Fuzzing;

/// <summary>
/// Hostile bodies and query strings through the whole pipeline (Kestrel, API key, rate limiter, endpoint, database):
/// no request answers 500; a bad record or parameter answers 400 with a problem document naming the record and field;
/// what a batch accepted before a bad record stays stored.
/// </summary>
public sealed class ApiFuzzTests(ApiFuzzTests.SharedApp shared) : IClassFixture<ApiFuzzTests.SharedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly HashSet<string> EventFields =
        ["(record)", "eventId", "learnerId", "type", "occurredAt", "itemId", "sessionId", "amount", "currency", "properties"];

    private static string Ev(string id, string learner = "u-1", string type = "view", string extra = "") =>
        $$"""{"eventId":"{{id}}","learnerId":"{{learner}}","type":"{{type}}","occurredAt":"2026-05-01T10:00:00Z"{{extra}}}""";

    private static readonly Gen<string> ValidEvent = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 12], Gen.OneOf("u-1", "u-2", "学员"),
        Gen.OneOf("view", "login", "purchase", "click"))
        .Select((id, learner, type) => Ev(id, learner, type, type == "purchase" ? ",\"amount\":9.9,\"currency\":\"CNY\"" : ""));

    private static readonly Gen<byte[]> EventBodies = Gen.Frequency(
        (4, Hostile.Mutated(ValidEvent.Array[1, 5].Select(a => "[" + string.Join(",", a) + "]"))),
        (4, Hostile.Mutated(ValidEvent.Array[1, 5].Select(a => string.Join("\n", a)))),
        (2, Hostile.JsonValue.Array[0, 4].Select(a => Encoding.UTF8.GetBytes("[" + string.Join(",", a) + "]"))),
        (1, Hostile.Bytes),
        (1, Hostile.DeepNesting.Select(Encoding.UTF8.GetBytes)));

    private static ByteArrayContent Body(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    /// <summary>A 400 is a problem document; a validation problem names at least one field and says what is wrong with it.</summary>
    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response)
    {
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        var problem = await ReadJson(response);
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (problem.TryGetProperty("errors", out var errors))
        {
            Assert.NotEmpty(errors.EnumerateObject());
            Assert.All(errors.EnumerateObject(), e => Assert.False(string.IsNullOrWhiteSpace(e.Name)));
            Assert.All(errors.EnumerateObject(), e => Assert.All(e.Value.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString()))));
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        }
        return problem;
    }

    private static void AssertNot500(HttpResponseMessage response, params HttpStatusCode[] allowed) =>
        Assert.True(allowed.Contains(response.StatusCode), $"answered {(int)response.StatusCode} {response.ReasonPhrase}");

    [Fact]
    public async Task PostEvents_HostileBodies_AnswerOkWithNamedRejectionsOrAProblem()
    {
        var gen = Gen.Select(EventBodies, Gen.Bool);
        await Fuzz.RunAsync(gen, async t =>
        {
            var (body, ndjson) = t;
            var response = await shared.Ingest.PostAsync("/api/v1/events", Body(body, ndjson ? "application/x-ndjson" : "application/json"), Ct);
            AssertNot500(response, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await AssertProblem(response);
                return;
            }
            var records = ndjson ? BatchReader.ReadNdjson(body) : BatchReader.ReadJsonArray(body);
            var json = await ReadJson(response);
            var rejected = json.GetProperty("rejected").EnumerateArray().ToList();
            Assert.Equal(records.Count, json.GetProperty("accepted").GetInt32() + json.GetProperty("duplicates").GetInt32() + rejected.Count);
            foreach (var r in rejected)
            {
                Assert.InRange(r.GetProperty("index").GetInt32(), 0, records.Count - 1);
                Assert.Contains(r.GetProperty("field").GetString()!, EventFields);
                Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString()));
            }
        }, iterations: 250, stream: 101);
    }

    [Fact]
    public async Task PostEvents_BadRecordsAmongGoodOnes_StoresEveryGoodOneAndNamesEachBadOne()
    {
        var bad = Gen.OneOf(
            "{\"eventId\": \"x\", oops", "[1,2", "\"just a string\"", "{\"eventId\":\"b\",\"learnerId\":\"u\",\"type\":\"nope\",\"occurredAt\":\"2026-05-01T10:00:00Z\"}",
            "{\"eventId\":\"b\",\"learnerId\":5,\"type\":\"view\",\"occurredAt\":\"2026-05-01T10:00:00Z\"}", "{\"eventId\":\"b\",\"learnerId\":\"u\",\"type\":\"view\",\"occurredAt\":\"yesterday\"}",
            "{\"eventId\":\"b\",\"learnerId\":\"u\",\"type\":\"purchase\",\"occurredAt\":\"2026-05-01T10:00:00Z\",\"amount\":1e400,\"currency\":\"CNY\"}",
            "\uFEFF{\"eventId\":\"bom\"}", "{\"eventId\":\"b\",\"learnerId\":\"u\",\"type\":\"view\",\"occurredAt\":\"2026-05-01T10:00:00Z\",\"properties\":[1]}");
        var batch = Gen.Select(Gen.Bool.Array[2, 12], bad.Array[12], Gen.OneOf("\n", "\r\n"));
        var run = 0;
        await Fuzz.RunAsync(batch, async t =>
        {
            var (isGood, bads, newline) = t;
            var prefix = $"keep-{run++}-";
            var lines = isGood.Select((good, i) => good ? Ev(prefix + i, "keeper") : bads[i]).ToList();
            var response = await shared.Ingest.PostAsync("/api/v1/events", Body(Encoding.UTF8.GetBytes(string.Join(newline, lines)), "application/x-ndjson"), Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await ReadJson(response);
            var goodIndexes = isGood.Select((good, i) => (good, i)).Where(p => p.good).Select(p => p.i).ToList();
            Assert.Equal(goodIndexes.Count, json.GetProperty("accepted").GetInt32());
            Assert.Equal(Enumerable.Range(0, lines.Count).Except(goodIndexes), json.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
            await using var db = await shared.Database.Contexts.CreateDbContextAsync(Ct);
            var stored = await db.Events.Where(e => e.EventId.StartsWith(prefix)).Select(e => e.EventId).ToListAsync(Ct);
            Assert.Equal(goodIndexes.Select(i => prefix + i).Order(), stored.Order());
        }, iterations: 30, stream: 102);
    }

    [Fact]
    public async Task PutLearnerAndCatalog_HostileBodies_AnswerSavedOrAProblemNamingRecordAndField()
    {
        var bodies = Gen.Frequency(
            (3, Hostile.Mutated(Gen.OneOf("""{"channel":"app","tier":"annual","email":"a@b.co","signupAt":"2026-01-01T00:00:00Z"}""",
                """{"title":"SQL","kind":"course","price":19.9,"currency":"CNY","tags":["sql"]}"""))),
            (3, Gen.Select(Gen.OneOf("channel", "tier", "email", "phone", "signupAt", "title", "kind", "price", "currency", "tags", "publishedAt", "level"), Hostile.JsonValue)
                .Select((field, value) => Encoding.UTF8.GetBytes($$"""{"title":"SQL",{{Hostile.Quote(field)}}:{{value}}}"""))),
            (1, Hostile.Bytes),
            (1, Hostile.DeepNesting.Select(Encoding.UTF8.GetBytes)));
        var gen = Gen.Select(bodies, Gen.Frequency((3, Gen.String[Gen.Char.AlphaNumeric, 1, 20]), (1, Hostile.Text.Where(s => s.Trim().Length > 0 && s != "." && s != ".."))), Gen.Bool);
        await Fuzz.RunAsync(gen, async t =>
        {
            var (body, id, learner) = t;
            var url = $"/api/v1/{(learner ? "learners" : "catalog")}/{Uri.EscapeDataString(id)}";
            var response = await shared.Ingest.PutAsync(url, Body(body, "application/json"), Ct);
            AssertNot500(response, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.RequestEntityTooLarge,
                HttpStatusCode.RequestUriTooLong);
            if (response.StatusCode is HttpStatusCode.BadRequest && response.Content.Headers.ContentType is null)
            {
                // Kestrel refuses a request target holding NUL before any endpoint runs.
                Assert.Contains('\0', id);
                return;
            }
            if (response.StatusCode is HttpStatusCode.BadRequest)
            {
                var problem = await AssertProblem(response);
                if (problem.TryGetProperty("errors", out _))
                {
                    // The route decodes an unpaired surrogate to U+FFFD, as UTF-8 has no other way to carry it.
                    Assert.Contains(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(id)), problem.GetProperty("title").GetString());
                }
            }
        }, iterations: 250, stream: 103);
    }

    [Fact]
    public async Task PostTickets_HostileBodies_AnswerCreatedOrAProblemNamingTheField()
    {
        const string valid = """{"learnerId":"l-1","subject":"Cannot log in","body":"I cannot log in since yesterday","channel":"app","priority":"high","tags":["login"],"orderId":"o-1"}""";
        var bodies = Gen.Frequency(
            (3, Hostile.Mutated(Gen.Const(valid))),
            (3, Gen.Select(Gen.OneOf("learnerId", "subject", "body", "channel", "orderId", "itemId", "priority", "tags"), Hostile.JsonValue)
                .Select((field, value) => Encoding.UTF8.GetBytes(
                    $$"""{"learnerId":"l-1","subject":"Help","body":"Where is my invoice?",{{Hostile.Quote(field)}}:{{value}}}"""))),
            (1, Hostile.Bytes),
            (1, Hostile.DeepNesting.Select(Encoding.UTF8.GetBytes)));
        await Fuzz.RunAsync(bodies, async body =>
        {
            var response = await shared.Tickets.PostAsync("/api/v1/tickets", Body(body, "application/json"), Ct);
            AssertNot500(response, HttpStatusCode.Created, HttpStatusCode.BadRequest);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var problem = await AssertProblem(response);
                Assert.True(problem.TryGetProperty("errors", out _), "a rejected ticket names the field at fault");
            }
        }, iterations: 200, stream: 104);
    }

    [Fact]
    public async Task PostTicketReplyAndRating_HostileBodies_NeverAnswer500()
    {
        var created = await shared.Tickets.PostAsync("/api/v1/tickets",
            Body("""{"learnerId":"l-2","subject":"Refund","body":"Please refund my last order"}"""u8.ToArray(), "application/json"), Ct);
        var id = (await ReadJson(created)).GetProperty("ticketId").GetInt64();
        var bodies = Gen.Frequency(
            (3, Hostile.Mutated(Gen.OneOf("""{"body":"Any news?"}""", """{"rating":4,"comment":"ok"}"""))),
            (3, Gen.Select(Gen.OneOf("body", "rating", "comment"), Hostile.JsonValue).Select((f, v) => Encoding.UTF8.GetBytes($$"""{{{Hostile.Quote(f)}}:{{v}}}"""))),
            (1, Hostile.Bytes));
        await Fuzz.RunAsync(Gen.Select(bodies, Gen.OneOf("messages", "csat", "solved"), Gen.OneOf(id, id + 1_000_000)), async t =>
        {
            var (body, action, ticket) = t;
            var response = await shared.Tickets.PostAsync($"/api/v1/tickets/{ticket}/{action}", Body(body, "application/json"), Ct);
            AssertNot500(response, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Conflict);
            if ((int)response.StatusCode >= 400)
            {
                await AssertProblem(response);
            }
        }, iterations: 150, stream: 105);
    }

    private static readonly Gen<string> QueryValue = Gen.Frequency(
        (3, Hostile.Text),
        (2, Gen.OneOf("day", "week", "month", "2026-01-01", "2026-03-01", "2100-01-02", "view,purchase", "signup", "1", "0", "-5", "99999999999", "channel", "true")),
        (1, Gen.DateOnly.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public async Task AnalyticsAndExperimentQueries_HostileParameters_AnswerOkOrAProblemNamingTheParameter()
    {
        var endpoints = Gen.OneOf(
            ("/api/v1/analytics/retention", new[] { "cohortEvent", "returnEvent", "period", "periods", "from", "to", "unbounded", "segment", "breakdown" }),
            ("/api/v1/analytics/funnel", new[] { "steps", "windowHours", "from", "to", "segment", "breakdown" }),
            ("/api/v1/analytics/paths", new[] { "event", "direction", "steps", "from", "to", "segment", "maxEdges", "breakdown" }),
            ("/api/v1/analytics/lifecycle", new[] { "period", "from", "to", "segment", "breakdown" }),
            ("/api/v1/analytics/stickiness", new[] { "period", "from", "to", "segment", "breakdown" }),
            ("/api/v1/analytics/compass", new[] { "cohortEvent", "from", "to", "segment", "breakdown" }),
            ("/api/v1/experiments", new[] { "status" }),
            ("/api/v1/tickets", new[] { "learnerId", "page", "pageSize" }),
            ("/api/v1/recommendations/l-1", new[] { "k", "context" }));
        var gen = Gen.Select(endpoints, QueryValue.Array[9], Gen.Bool.Array[9]);
        await Fuzz.RunAsync(gen, async t =>
        {
            var ((path, parameters), values, present) = t;
            var query = string.Join("&", parameters.Select((p, i) => present[i] ? $"{p}={Uri.EscapeDataString(values[i])}" : null).Where(q => q is not null));
            var response = await shared.Everything.GetAsync($"{path}?{query}", Ct);
            AssertNot500(response, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.ServiceUnavailable, HttpStatusCode.RequestUriTooLong);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var problem = await AssertProblem(response);
                Assert.All(problem.GetProperty("errors").EnumerateObject(), e => Assert.Contains(e.Name, parameters));
            }
        }, iterations: 250, stream: 106, print: t => $"{t.Item1.Item1} {string.Join("&", t.Item2)}");
    }

    [Fact]
    public async Task AssignmentAndFeedback_HostileKeysAndBodies_NeverAnswer500()
    {
        var ids = Gen.Frequency((2, Gen.String[Gen.Char.AlphaNumeric, 1, 70]), (2, Hostile.Text.Where(s => s.Trim().Length > 0 && s != "." && s != "..")), (1, Gen.OneOf("renewal-test", "a--b", "l-1")));
        var feedback = Gen.Frequency(
            (2, Hostile.Mutated(Gen.Const("""{"recommendationId":"r-1","itemId":"c-1","kind":"click","amount":9.9,"occurredAt":"2026-05-01T10:00:00Z"}"""))),
            (2, Gen.Select(Gen.OneOf("recommendationId", "itemId", "kind", "amount", "occurredAt"), Hostile.JsonValue).Select((f, v) => Encoding.UTF8.GetBytes($$"""{"kind":"click",{{Hostile.Quote(f)}}:{{v}}}"""))),
            (1, Hostile.Bytes));
        await Fuzz.RunAsync(Gen.Select(ids, ids, feedback), async t =>
        {
            var (key, learner, body) = t;
            var assign = await shared.Everything.GetAsync($"/api/v1/experiments/{Uri.EscapeDataString(key)}/assignment/{Uri.EscapeDataString(learner)}", Ct);
            AssertNot500(assign, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.RequestUriTooLong);
            if (assign.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound && assign.Content.Headers.ContentType is not null)
            {
                await AssertProblem(assign);
            }
            var posted = await shared.Everything.PostAsync("/api/v1/recommendations/feedback", Body(body, "application/json"), Ct);
            AssertNot500(posted, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
            if (posted.StatusCode != HttpStatusCode.OK)
            {
                await AssertProblem(posted);
            }
        }, iterations: 150, stream: 107);
    }

    [Fact]
    public async Task PostEvents_StringWithUnpairedSurrogateEscape_RejectsThatRecordAndStoresTheOthers()
    {
        var body = $"[{Ev("surrogate-ok")},{Ev("surrogate-bad", "u\\uD83D\\u0E00")}]";

        var response = await shared.Ingest.PostAsync("/api/v1/events", Body(Encoding.UTF8.GetBytes(body), "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJson(response);
        var rejected = Assert.Single(json.GetProperty("rejected").EnumerateArray());
        Assert.Equal((1, "surrogate-bad", "learnerId"), (rejected.GetProperty("index").GetInt32(), rejected.GetProperty("eventId").GetString(), rejected.GetProperty("field").GetString()));
        await using var db = await shared.Database.Contexts.CreateDbContextAsync(Ct);
        Assert.True(await db.Events.AnyAsync(e => e.EventId == "surrogate-ok", Ct));
    }

    [Fact]
    public async Task PostFeedback_MalformedJson_AnswersAProblemNamingTheField()
    {
        var response = await shared.Everything.PostAsync("/api/v1/recommendations/feedback",
            Body("""{"recommendationId":"r-1","itemId":"c-1","kind":"click","amount":"lots"}"""u8.ToArray(), "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await AssertProblem(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _), problem.ToString());
    }

    /// <summary>One app over SQLite (whose test host lifts the rate limits, so the fuzz loop is never throttled), and keys for each API.</summary>
    public sealed class SharedApp : IAsyncLifetime
    {
        public TestDatabase Database { get; private set; } = null!;
        public OpsConsoleApp App { get; private set; } = null!;
        public HttpClient Ingest { get; private set; } = null!;
        public HttpClient Tickets { get; private set; } = null!;
        public HttpClient Everything { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
            App = new OpsConsoleApp(Database, new Dictionary<string, string?> { ["Ingestion:MaxBodyBytes"] = "65536" });
            Ingest = await App.CreateIngestClientAsync();
            Tickets = App.CreateApiClient(await App.CreateApiKeyAsync(ApiScopes.Tickets, "desk"));
            Everything = App.CreateApiClient(await App.CreateApiKeyAsync(
                ApiScopes.Ingest | ApiScopes.Analytics | ApiScopes.Recommend | ApiScopes.Tickets | ApiScopes.Experiments, "everything"));
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
