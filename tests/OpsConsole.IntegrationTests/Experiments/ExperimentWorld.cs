using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Experiments.Results;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Analytics;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;
using OpsConsole.Segments;

namespace OpsConsole.IntegrationTests.Experiments;

/// <summary>The experiment services as the app wires them (segments, ingestion), over a test database and a clock the test holds.</summary>
internal sealed class ExperimentWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly bool _ownsDatabase;

    private ExperimentWorld(TestDatabase database, bool ownsDatabase, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        Clock = new AnalyticsWorld.MovableClock(Start);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build())
            .AddSingleton(database.Contexts)
            .AddSingleton(database.Options)
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(new PlatformTime(TimeZoneInfo.Utc, Clock))
            .AddLogging();
        services.AddIngestion();
        services.AddSegments();
        services.AddExperiments();
        services.AddRenewals();
        _services = services.BuildServiceProvider(validateScopes: true);
    }

    public TestDatabase Database { get; }
    public AnalyticsWorld.MovableClock Clock { get; }
    public ExperimentService Experiments => _services.GetRequiredService<ExperimentService>();
    public ExperimentAssigner Assigner => _services.GetRequiredService<ExperimentAssigner>();
    public SegmentService Segments => _services.GetRequiredService<SegmentService>();
    public ExperimentMetricReader Reader => _services.GetRequiredService<ExperimentMetricReader>();
    public ExperimentResultsService Results => _services.GetRequiredService<ExperimentResultsService>();
    public ExperimentPlanner Planner => _services.GetRequiredService<ExperimentPlanner>();
    public ExperimentActions Actions => _services.GetRequiredService<ExperimentActions>();
    public ExperimentEnrolment Enrolment => _services.GetRequiredService<ExperimentEnrolment>();
    public OpsConsole.Retention.Renewals.RenewalReminders Reminders => _services.GetRequiredService<OpsConsole.Retention.Renewals.RenewalReminders>();

    /// <summary>Exposes learners (created on the way) directly, at the times the test chooses.</summary>
    public async Task ExposeAsync(int experimentId, IEnumerable<(string Learner, string Variant, DateTime At)> exposures)
    {
        var list = exposures.ToList();
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        var known = await db.Learners.Select(l => l.Id).ToListAsync(Ct);
        db.Learners.AddRange(list.Select(x => x.Learner).Distinct().Except(known)
            .Select(id => new Learner { Id = id, Channel = "organic", SignupAt = Start.UtcDateTime.AddDays(-90), CreatedAt = Start.UtcDateTime }));
        db.ExperimentExposures.AddRange(list.Select(x => new ExperimentExposure { ExperimentId = experimentId, LearnerId = x.Learner, VariantKey = x.Variant, ExposedAt = x.At }));
        await db.SaveChangesAsync(Ct);
    }

    private int _events;

    public async Task EventsAsync(IEnumerable<(string Learner, EventType Type, DateTime At, decimal? Amount)> events)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        db.Events.AddRange(events.Select(e => new BehaviorEvent
        {
            EventId = $"t-{++_events}", LearnerId = e.Learner, Type = e.Type, OccurredAt = e.At, ReceivedAt = e.At, Amount = e.Amount,
            Currency = e.Amount is null ? null : "CNY",
        }));
        await db.SaveChangesAsync(Ct);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ExperimentWorld> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync(provider), ownsDatabase: true, settings);

    /// <summary>A second, separately built set of services over the same database, as another app instance has.</summary>
    public ExperimentWorld AnotherInstance() => new(Database, ownsDatabase: false);

    public async Task LearnersAsync(IEnumerable<string> ids, string channel = "organic")
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        db.Learners.AddRange(ids.Select(id => new Learner { Id = id, Channel = channel, SignupAt = Start.UtcDateTime.AddDays(-30), CreatedAt = Start.UtcDateTime }));
        await db.SaveChangesAsync(Ct);
    }

    public static ExperimentDraft Draft(string key = "renewal-reminder", int? segmentId = null, params (string Key, double Weight)[] arms)
    {
        arms = arms.Length > 0 ? arms : [("control", 0.5), ("reminder", 0.5)];
        return new ExperimentDraft(key, "Renewal reminder", "A reminder three days before renewal keeps more members.", segmentId, null,
            new MetricSpec(ExperimentMetric.MembershipRenewal), [new MetricSpec(ExperimentMetric.RevenuePerLearner)], 0.05,
            [.. arms.Select((a, i) => new VariantDraft(a.Key, a.Key, a.Weight, i == 0 ? "{}" : $$"""{"arm":"{{a.Key}}","discount":0.2}""", i == 0 ? 0 : 3.5m, i == 0))]);
    }

    public async Task<Experiment> RunningAsync(ExperimentDraft draft)
    {
        var experiment = await Experiments.CreateAsync(draft, "manager@example.test", Ct);
        await Experiments.StartAsync(experiment.Key, "manager@example.test", Ct);
        return experiment;
    }

    public async Task<List<ExperimentExposure>> ExposuresAsync()
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        return await db.ExperimentExposures.AsNoTracking().OrderBy(x => x.Id).ToListAsync(Ct);
    }

    public async Task<List<BehaviorEvent>> ExposureEventsAsync()
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        return await db.Events.AsNoTracking().Where(e => e.Type == EventType.ExperimentExposure).OrderBy(e => e.Seq).ToListAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
