using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;
using OpsConsole.Segments;

namespace OpsConsole.IntegrationTests.Experiments;

/// <summary>The experiments API over real HTTP: the platform backend's view, API key and all.</summary>
public sealed class ExperimentsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task LearnersAsync(OpsConsoleApp app, string channel, params string[] ids)
    {
        await using var db = await app.Database.Contexts.CreateDbContextAsync(Ct);
        db.Learners.AddRange(ids.Select(id => new Learner { Id = id, Channel = channel, SignupAt = DateTime.UtcNow.AddDays(-10), CreatedAt = DateTime.UtcNow }));
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<Experiment> RunningAsync(OpsConsoleApp app, int? segmentId = null, string key = "renewal-reminder")
    {
        var experiments = app.Services.GetRequiredService<ExperimentService>();
        var created = await experiments.CreateAsync(ExperimentWorld.Draft(key, segmentId), "manager@example.test", Ct);
        await experiments.StartAsync(key, "manager@example.test", Ct);
        return created;
    }

    private static async Task<HttpClient> ClientAsync(OpsConsoleApp app, ApiScopes scopes = ApiScopes.Experiments) =>
        app.CreateApiClient(await app.CreateApiKeyAsync(scopes));

    [Fact]
    public async Task Assignment_RunningExperiment_GivesTheSameVariantEachTimeWithItsPayloadAsAnObject()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await LearnersAsync(app, "organic", "u-1");
        var experiment = await RunningAsync(app);
        var api = await ClientAsync(app);

        var first = await api.GetAsync("/api/v1/experiments/renewal-reminder/assignment/u-1", Ct);
        var second = await api.GetFromJsonAsync<JsonElement>("/api/v1/experiments/renewal-reminder/assignment/u-1", Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var expected = ExperimentHash.Assign(experiment.Seed, "u-1", ["control", "reminder"], _ => 0.5);
        Assert.Equal(("renewal-reminder", expected), (body.GetProperty("experiment").GetString(), body.GetProperty("variant").GetString()));
        Assert.Equal(JsonValueKind.Object, body.GetProperty("payload").ValueKind);
        Assert.Equal(expected == "control" ? "{}" : """{"arm":"reminder","discount":0.2}""", body.GetProperty("payload").GetRawText());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("reason").ValueKind);
        Assert.Equal(body.GetRawText(), second.GetRawText());
    }

    [Fact]
    public async Task Assignment_OutsideTheSegmentOrNotRunning_Is200WithNoVariantAndTheReason()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await LearnersAsync(app, "organic", "o-1");
        await LearnersAsync(app, "wechat", "w-1");
        var wechat = await app.Services.GetRequiredService<SegmentService>().CreateAsync("From WeChat", SegmentKind.Dynamic,
            new SegmentRule(Match.All, [new SegmentCondition(ConditionKind.Channel, "wechat")], []), null, Ct);
        await RunningAsync(app, wechat.Id);
        await app.Services.GetRequiredService<ExperimentService>().CreateAsync(ExperimentWorld.Draft("still-a-draft"), null, Ct);
        var api = await ClientAsync(app);

        var outsider = await api.GetFromJsonAsync<JsonElement>("/api/v1/experiments/renewal-reminder/assignment/o-1", Ct);
        var member = await api.GetFromJsonAsync<JsonElement>("/api/v1/experiments/renewal-reminder/assignment/w-1", Ct);
        var draft = await api.GetFromJsonAsync<JsonElement>("/api/v1/experiments/still-a-draft/assignment/w-1", Ct);

        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, "not_in_segment"),
            (outsider.GetProperty("variant").ValueKind, outsider.GetProperty("payload").ValueKind, outsider.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.String, member.GetProperty("variant").ValueKind);
        Assert.Equal((JsonValueKind.Null, "not_started"), (draft.GetProperty("variant").ValueKind, draft.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/experiments/no-such-test/assignment/u-1", "key", "Unknown experiment")]
    [InlineData("/api/v1/experiments/renewal-reminder/assignment/u-404", "learnerId", "Unknown learner")]
    public async Task Assignment_UnknownExperimentOrLearner_Is404SayingWhichIsUnknown(string path, string field, string title)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await LearnersAsync(app, "organic", "u-1");
        await RunningAsync(app);
        var api = await ClientAsync(app);

        var response = await api.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((title, field), (problem.GetProperty("title").GetString(), problem.GetProperty("field").GetString()));
        Assert.Contains(path.Split('/')[field == "key" ? 4 : 6], problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/v1/experiments/Renewal-Reminder/assignment/u-1", "key")]
    [InlineData("/api/v1/experiments/renewal_reminder/assignment/u-1", "key")]
    [InlineData("/api/v1/experiments/renewal-reminder/assignment/%20", "learnerId")]
    [InlineData("/api/v1/experiments?status=paused", "status")]
    public async Task Request_BadInput_Is400NamingTheFieldAndLogsNothing(string path, string field)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await LearnersAsync(app, "organic", "u-1");
        await RunningAsync(app);
        var api = await ClientAsync(app);

        var response = await api.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        await using var read = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(read.ExperimentExposures);
    }

    [Fact]
    public async Task Request_LearnerIdLongerThanAnyLearners_Is400()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await RunningAsync(app);
        var api = await ClientAsync(app);

        var response = await api.GetAsync($"/api/v1/experiments/renewal-reminder/assignment/{new string('u', Learner.IdMaxLength + 1)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(ApiScopes.Ingest | ApiScopes.Tickets | ApiScopes.Recommend | ApiScopes.Analytics, HttpStatusCode.Forbidden)]
    [InlineData(ApiScopes.None, null)]
    public async Task Request_WithoutTheExperimentsScope_IsTurnedAwayAndLogsNothing(ApiScopes scopes, HttpStatusCode? expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await LearnersAsync(app, "organic", "u-1");
        await RunningAsync(app);
        var api = scopes == ApiScopes.None ? app.CreateRawClient() : await ClientAsync(app, scopes);

        var assignment = await api.GetAsync("/api/v1/experiments/renewal-reminder/assignment/u-1", Ct);
        var list = await api.GetAsync("/api/v1/experiments", Ct);

        var status = expected ?? HttpStatusCode.Unauthorized;
        Assert.Equal((status, status), (assignment.StatusCode, list.StatusCode));
        await using var read = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(read.ExperimentExposures);
    }

    [Fact]
    public async Task List_Experiments_GivesEachWithVariantsAndPayloadObjectsAndFiltersByStatus()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await RunningAsync(app);
        await app.Services.GetRequiredService<ExperimentService>().CreateAsync(ExperimentWorld.Draft("still-a-draft"), null, Ct);
        var api = await ClientAsync(app);

        var all = await api.GetFromJsonAsync<JsonElement>("/api/v1/experiments", Ct);
        var running = await api.GetFromJsonAsync<JsonElement>("/api/v1/experiments?status=Running", Ct);

        Assert.Equal(["renewal-reminder", "still-a-draft"], all.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("key").GetString()).Order());
        var only = Assert.Single(running.GetProperty("experiments").EnumerateArray());
        Assert.Equal(("renewal-reminder", "running", "membership_renewal"),
            (only.GetProperty("key").GetString(), only.GetProperty("status").GetString(), only.GetProperty("primaryMetric").GetString()));
        Assert.Equal(["revenue_per_learner"], only.GetProperty("guardrailMetrics").EnumerateArray().Select(g => g.GetString()));
        var variants = only.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal([("control", true), ("reminder", false)], variants.Select(v => (v.GetProperty("key").GetString(), v.GetProperty("isControl").GetBoolean())));
        Assert.Equal(0.2, variants[1].GetProperty("payload").GetProperty("discount").GetDouble());
    }

    [Theory, DatabaseProviders]
    public async Task Assignment_ConcurrentRequestsOverHttp_LogOneExposureAndOneEvent(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(db);
        await LearnersAsync(app, "organic", "u-1");
        await RunningAsync(app);
        var api = await ClientAsync(app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => api.GetFromJsonAsync<JsonElement>("/api/v1/experiments/renewal-reminder/assignment/u-1", Ct)));

        Assert.Single(responses.Select(r => r.GetProperty("variant").GetString()).Distinct());
        await using var read = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(1, await read.ExperimentExposures.CountAsync(Ct));
        Assert.Equal(1, await read.Events.CountAsync(e => e.Type == EventType.ExperimentExposure, Ct));
    }

    [Fact]
    public async Task ResultsCsv_RunningAndUnknownExperiments_DownloadsForAnalystsAndNamesTheMissingKey()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await RunningAsync(app);
        var (analyst, _) = await app.SignInAsync(Roles.Operator);
        var (agent, _) = await app.SignInAsync(Roles.SupportAgent);

        var csv = await analyst.GetAsync("/experiments/renewal-reminder/results/export.csv", Ct);
        var unknown = await analyst.GetAsync("/experiments/no-such-test/results/export.csv", Ct);
        var refused = await agent.GetAsync("/experiments/renewal-reminder/results/export.csv", Ct);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("experiment-renewal-reminder-results.csv", csv.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no-such-test", await unknown.Content.ReadAsStringAsync(Ct));
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"a support agent got {refused.StatusCode}");
    }
}
