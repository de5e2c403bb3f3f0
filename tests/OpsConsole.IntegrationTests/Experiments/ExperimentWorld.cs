using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Experiments;
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

    private ExperimentWorld(TestDatabase database, bool ownsDatabase)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        Clock = new AnalyticsWorld.MovableClock(Start);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(database.Contexts)
            .AddSingleton(database.Options)
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(new PlatformTime(TimeZoneInfo.Utc, Clock))
            .AddLogging();
        services.AddIngestion();
        services.AddSegments();
        services.AddExperiments();
        _services = services.BuildServiceProvider(validateScopes: true);
    }

    public TestDatabase Database { get; }
    public AnalyticsWorld.MovableClock Clock { get; }
    public ExperimentService Experiments => _services.GetRequiredService<ExperimentService>();
    public ExperimentAssigner Assigner => _services.GetRequiredService<ExperimentAssigner>();
    public SegmentService Segments => _services.GetRequiredService<SegmentService>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ExperimentWorld> CreateAsync(DatabaseProvider provider) => new(await TestDatabase.CreateAsync(provider), ownsDatabase: true);

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
