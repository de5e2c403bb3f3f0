using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Ingestion;
using OpsConsole.Profiles;
using OpsConsole.Retention;
using OpsConsole.Segments;

namespace OpsConsole.IntegrationTests.Retention;

/// <summary>
/// The churn alert services over a real database, with a clock the test moves. Pushes are recorded instead of sent;
/// the hub test sends them for real.
/// </summary>
internal sealed class AlertWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private AlertWorld(TestDatabase database, ServiceProvider services, MovableClock clock)
    {
        Database = database;
        _services = services;
        Clock = clock;
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public TestDatabase Database { get; }
    public MovableClock Clock { get; }
    public RecordingAlertNotifier Pushes => (RecordingAlertNotifier)_services.GetRequiredService<IChurnAlertNotifier>();
    public ChurnScoreStore Scores => _services.GetRequiredService<ChurnScoreStore>();
    public ChurnAlertService Alerts => _services.GetRequiredService<ChurnAlertService>();
    public AlertThresholds Thresholds => _services.GetRequiredService<AlertThresholds>();
    public AlertOutcomeTracker Outcomes => _services.GetRequiredService<AlertOutcomeTracker>();
    public ChurnAlertQueries Queries => _services.GetRequiredService<ChurnAlertQueries>();
    public IngestionService Ingestion => _services.GetRequiredService<IngestionService>();

    public static async Task<AlertWorld> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = new MovableClock(Start);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(database.Contexts)
            .AddSingleton(database.Options)
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(new PlatformTime(TimeZoneInfo.Utc, clock))
            .AddSingleton<IChurnAlertNotifier, RecordingAlertNotifier>()
            .AddLogging();
        services.AddIngestion();
        services.AddChurnAlerts();
        return new AlertWorld(database, services.BuildServiceProvider(validateScopes: true), clock);
    }

    /// <summary>Scores the learners (risk by learner id) the way a scoring run does, then runs alerting over the result.</summary>
    public async Task<RaiseResult> ScoreAsync(params (string LearnerId, double Risk)[] scores)
    {
        await Scores.WriteAsync(scores.Select(s => new ChurnScoreInput(s.LearnerId, s.Risk,
            [new ChurnDriver("days_since_active", $"{s.LearnerId} has not been active for 12 days", 0.4)], 1)), Ct);
        return await Alerts.RaiseAsync(Ct);
    }

    public async Task ProfileAsync(string learnerId, decimal netSpend)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        db.Learners.Add(new OpsConsole.Learners.Learner { Id = learnerId, SignupAt = Start.UtcDateTime.AddYears(-1) });
        db.Profiles.Add(new LearnerProfile { LearnerId = learnerId, NetSpend = netSpend, ComputedAt = Start.UtcDateTime });
        await db.SaveChangesAsync(Ct);
    }

    public async Task<int> SegmentAsync(string name, params string[] learners)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        var segment = new Segment { Name = name, Kind = SegmentKind.Static, Members = learners.Length, CreatedAt = Start.UtcDateTime, UpdatedAt = Start.UtcDateTime };
        db.Segments.Add(segment);
        await db.SaveChangesAsync(Ct);
        db.SegmentMembers.AddRange(learners.Select(l => new SegmentMember { SegmentId = segment.Id, LearnerId = l }));
        await db.SaveChangesAsync(Ct);
        return segment.Id;
    }

    /// <summary>Events the learner did, sent through ingestion like the platform sends them.</summary>
    public async Task EventAsync(string learnerId, string type, DateTimeOffset at)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["eventId"] = $"{learnerId}:{type}:{at.UtcTicks}",
            ["learnerId"] = learnerId,
            ["type"] = type,
            ["occurredAt"] = at.ToString("O"),
            ["properties"] = new Dictionary<string, object?> { ["plan"] = "monthly" },
        });
        var result = await Ingestion.IngestAsync([IncomingRecord.Parsed(0, json)], "tests", Ct);
        Assert.Empty(result.Rejected);
    }

    public async Task<List<ChurnAlert>> AlertsAsync()
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        return [.. db.ChurnAlerts.OrderBy(a => a.Id)];
    }

    public async Task<List<BehaviorEvent>> EventsAsync(EventType type)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        return [.. db.Events.Where(e => e.Type == type).OrderBy(e => e.Seq)];
    }

    public void Advance(TimeSpan by) => Clock.Now += by;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    internal sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

/// <summary>Every alert pushed, in order.</summary>
internal sealed class RecordingAlertNotifier : IChurnAlertNotifier
{
    public ConcurrentQueue<ChurnAlertSummary> Raised { get; } = new();

    public Task AlertRaisedAsync(ChurnAlertSummary alert, CancellationToken cancellationToken)
    {
        Raised.Enqueue(alert);
        return Task.CompletedTask;
    }
}
