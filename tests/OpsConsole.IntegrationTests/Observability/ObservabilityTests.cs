using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.IntegrationTests.Recommendations;
using OpsConsole.Recommendations;
using OpsConsole.Web.Jobs;
using OpsConsole.Web.Observability;
using OpsConsole.Web.Recommendations;

namespace OpsConsole.IntegrationTests.Observability;

public sealed class ObservabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Ev(string id, string occurredAt = "2026-05-01T10:00:00Z") =>
        $$"""{"eventId":"{{id}}","learnerId":"u-1","type":"view","occurredAt":"{{occurredAt}}"}""";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task MetricsEndpoint_AfterIngestingEvents_CountsThemBySourceAndTracesTheBatch()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var keyName = $"metrics-{Guid.NewGuid():N}";
        var source = $"api:{keyName}";
        var client = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Ingest, keyName));
        var spans = new List<Activity>();
        using var listener = Listen(a => a.OperationName == "ingest batch" && a.GetTagItem("opsconsole.ingestion.source") as string == source, spans);

        var first = await client.PostAsync("/api/v1/events", Json($"[{Ev("m-1")},{Ev("m-2")},{Ev("m-3")},{Ev("m-4", "2999-01-01T00:00:00Z")}]"), Ct);
        var second = await client.PostAsync("/api/v1/events", Json($"[{Ev("m-3")},{Ev("m-5")}]"), Ct);
        var metrics = await ScrapeAsync(app);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(4, Sample(metrics, "opsconsole_events_ingested_total", ("source", source)));
        Assert.Equal(1, Sample(metrics, "opsconsole_events_duplicate_total", ("source", source)));
        Assert.Equal(1, Sample(metrics, "opsconsole_events_rejected_total", ("source", source)));
        Assert.Equal(2, Sample(metrics, "opsconsole_ingestion_batch_duration_seconds_count", ("source", source)));
        // The framework's own request metrics are there too.
        Assert.Contains("http_server_request_duration_seconds_bucket", metrics);
        Assert.Equal([(3, 0, 1), (1, 1, 0)], spans.OrderBy(s => s.StartTimeUtc).Select(s =>
            ((int)s.GetTagItem("opsconsole.ingestion.accepted")!, (int)s.GetTagItem("opsconsole.ingestion.duplicates")!, (int)s.GetTagItem("opsconsole.ingestion.rejected")!)));
    }

    [Fact]
    public async Task MetricsEndpoint_AfterTraining_ReportsTheServingVersionAndItsNdcg()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Profiles:LiveRefresh"] = "false" });
        var before = await ScrapeAsync(app);

        var model = await RecommendationWorld.TrainAsync(app);
        var after = await ScrapeAsync(app);

        Assert.Null(Sample(before, "opsconsole_model_version", ("model", "recommender")));
        var stored = (await app.Services.GetRequiredService<RecommenderRegistry>().GetAsync(model.Id, Ct))!;
        var metrics = JsonSerializer.Deserialize<RecommenderMetrics>(stored.Metrics!, RecommenderTrainer.Json)!;
        var ndcg = metrics.For(metrics.Primary)?.Ndcg ?? metrics.Rerank!.Ndcg;
        Assert.Equal(model.Id, Sample(after, "opsconsole_model_version", ("model", "recommender")));
        Assert.Equal(ndcg, Sample(after, "opsconsole_model_quality", ("model", "recommender"), ("metric", $"ndcg_at_{metrics.K}"))!.Value, 9);
        Assert.Null(Sample(after, "opsconsole_model_version", ("model", "churn")));
        Assert.Equal(1, Sample(after, "opsconsole_model_training_duration_seconds_count", ("model", "recommender"), ("outcome", "succeeded")));
    }

    [Fact]
    public async Task MetricsEndpoint_CallerOutsideTheAllowedNetworks_Forbidden()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Observability:Prometheus:AllowedNetworks:0"] = "10.0.0.0/8" });

        var response = await app.CreateRawClient().GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("opsconsole", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Startup_InvalidScrapeNetwork_FailsNamingTheKey()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Observability:Prometheus:AllowedNetworks:0"] = "office" });

        var error = Assert.ThrowsAny<Exception>(() => app.BaseAddress);

        Assert.Contains("Observability:Prometheus:AllowedNetworks entry 'office'", error.ToString());
    }

    [Fact]
    public async Task Request_WithCorrelationHeader_EchoesItAndEveryLogLineOfTheRequestCarriesIt()
    {
        var logs = new CapturedLogs();
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" })
        {
            TestServices = s => s.AddSingleton<ILoggerProvider>(logs),
        };
        var client = await TracingCallerAsync(app);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = Json($"[{Ev("c-1")},{Ev("c-2", "2999-01-01T00:00:00Z")}]") };
        request.Headers.Add(CorrelationId.Header, "order-sync:42");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        HttpResponseMessage response;
        using (SuppressInstrumentationScope.Begin())
        {
            response = await client.SendAsync(request, Ct);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("order-sync:42", Assert.Single(response.Headers.GetValues(CorrelationId.Header)));
        var ofRequest = logs.Entries.Where(e => e.Scope.GetValueOrDefault("TraceId") == traceId).ToList();
        Assert.Contains(ofRequest, e => e.Category == "OpsConsole.Ingestion.IngestionService" && e.Message.Contains("1 rejected"));
        Assert.All(ofRequest, e => Assert.Equal("order-sync:42", e.Scope.GetValueOrDefault(CorrelationId.LogKey)));
    }

    [Fact]
    public async Task ProblemResponse_WithoutUsableCorrelationHeader_UsesTheTraceIdInHeaderAndBody()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var client = await TracingCallerAsync(app);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent("e-1", Encoding.UTF8, "text/plain") };
        // Too long and not plain: a caller must not be able to write anything it likes into every log line.
        request.Headers.TryAddWithoutValidation(CorrelationId.Header, new string('x', 65) + " \"forged\"");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        HttpResponseMessage response;
        using (SuppressInstrumentationScope.Begin())
        {
            response = await client.SendAsync(request, Ct);
        }

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(traceId, Assert.Single(response.Headers.GetValues(CorrelationId.Header)));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(traceId, problem.GetProperty("traceId").GetString());
        Assert.Equal(traceId, problem.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task HangfireJobs_OneSucceedsOneFails_RecordsDurationsAndTheFailure()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Jobs:Enabled"] = "true" });
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();

        // Nothing to learn from in an empty database: the training run throws.
        jobs.Enqueue<RecommenderJobs>(j => j.TrainAsync("metrics test", null, CancellationToken.None));
        jobs.Enqueue<RollupJobs>(j => j.RunAsync(RollupScope.Everything, CancellationToken.None));
        var metrics = "";
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            metrics = await ScrapeAsync(app);
            if (Sample(metrics, "opsconsole_job_failures_total", ("job", "RecommenderJobs.TrainAsync")) is > 0
                && Sample(metrics, "opsconsole_job_duration_seconds_count", ("job", "RollupJobs.RunAsync"), ("outcome", "succeeded")) is > 0)
            {
                break;
            }
            await Task.Delay(250, Ct);
        }

        Assert.True(Sample(metrics, "opsconsole_job_failures_total", ("job", "RecommenderJobs.TrainAsync")) >= 1, metrics);
        Assert.True(Sample(metrics, "opsconsole_job_duration_seconds_count", ("job", "RecommenderJobs.TrainAsync"), ("outcome", "failed")) >= 1);
        Assert.True(Sample(metrics, "opsconsole_job_duration_seconds_count", ("job", "RollupJobs.RunAsync"), ("outcome", "succeeded")) >= 1);
        Assert.True(Sample(metrics, "opsconsole_job_duration_seconds_sum", ("job", "RollupJobs.RunAsync"), ("outcome", "succeeded")) > 0);
        Assert.Null(Sample(metrics, "opsconsole_job_failures_total", ("job", "RollupJobs.RunAsync")));
    }

    /// <summary>
    /// A caller with its own trace: it sends the traceparent header itself. Its calls must run under
    /// <see cref="SuppressInstrumentationScope"/>, or the app's HttpClient instrumentation, which hears this process's
    /// clients too, would replace that header with one of a client span.
    /// </summary>
    private static async Task<HttpClient> TracingCallerAsync(OpsConsoleApp app)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        })
        {
            BaseAddress = app.BaseAddress,
        };
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.CreateApiKeyAsync());
        return client;
    }

    private static async Task<string> ScrapeAsync(OpsConsoleApp app)
    {
        var response = await app.CreateRawClient().GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> carrying all the labels given; null when there is none.</summary>
    private static double? Sample(string exposition, string metric, params (string Name, string Value)[] labels)
    {
        var found = exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            .ToList();
        if (found.Count == 0)
        {
            return null;
        }
        var line = Assert.Single(found);
        var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }

    private static ActivityListener Listen(Func<Activity, bool> keep, List<Activity> into)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "OpsConsole",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (keep(a))
                {
                    lock (into)
                    {
                        into.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
