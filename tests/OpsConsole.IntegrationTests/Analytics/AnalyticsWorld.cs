using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Analytics;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;
using OpsConsole.Profiles;
using OpsConsole.Segments;

namespace OpsConsole.IntegrationTests.Analytics;

/// <summary>The analytics services over a test database, with a clock the test sets, fed through the real event store.</summary>
internal sealed class AnalyticsWorld
{
    private readonly TestDatabase _database;
    private int _next;

    private readonly bool _keepHistory;

    /// <param name="keepHistory">Rebuild the learners' history (path steps, activity periods) after every append.</param>
    public AnalyticsWorld(TestDatabase database, DateTimeOffset now, string zone = "Asia/Shanghai", bool keepHistory = false)
    {
        _database = database;
        _keepHistory = keepHistory;
        Clock = new MovableClock(now);
        Time = new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById(zone), Clock);
        Store = new EventStore(database.Contexts, database.Options, Clock);
        Rollups = new RollupService(database.Contexts, Time, NullLogger<RollupService>.Instance);
        Overview = new OverviewService(database.Contexts, Rollups, Time);
    }

    public MovableClock Clock { get; }
    public PlatformTime Time { get; }
    public EventStore Store { get; }
    public RollupService Rollups { get; }
    public OverviewService Overview { get; }
    public ProfileService Profiles => ProfilesIn(Time);

    public ProfileService ProfilesIn(PlatformTime time)
    {
        var options = new ProfileOptions();
        return new ProfileService(_database.Contexts, new ProfileBuilder(options, time), options, time, Clock, NullLogger<ProfileService>.Instance);
    }

    /// <summary>An event at a wall-clock time in Shanghai (UTC+8), the way the platform's staff read it.</summary>
    public BehaviorEvent At(string learner, EventType type, DateTime shanghai, decimal? amount = null) => new()
    {
        EventId = $"ev-{Interlocked.Increment(ref _next)}",
        LearnerId = learner,
        Type = type,
        OccurredAt = DateTime.SpecifyKind(shanghai.AddHours(-8), DateTimeKind.Utc),
        Amount = amount,
        Currency = amount is null ? null : "CNY",
    };

    public async Task AppendAsync(params BehaviorEvent[] events)
    {
        await Store.AppendAsync(events, TestContext.Current.CancellationToken);
        if (_keepHistory)
        {
            await RebuildHistoryAsync();
        }
    }

    /// <summary>
    /// Paths and retention read the path steps and activity periods the profile rebuild keeps (in the app: the nightly
    /// job, and the updater every few seconds); activity periods are days of <paramref name="time"/>'s zone.
    /// </summary>
    public Task RebuildHistoryAsync(PlatformTime? time = null) => ProfilesIn(time ?? Time).RebuildAsync(null, TestContext.Current.CancellationToken);

    /// <summary>Sets the profile fields reports break down by on learners the events created.</summary>
    public async Task DescribeAsync(Action<Learner> describe)
    {
        await using var db = await _database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        foreach (var learner in await db.Learners.ToListAsync(TestContext.Current.CancellationToken))
        {
            describe(learner);
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A stored segment with exactly these members; returns its id.</summary>
    public async Task<int> SegmentAsync(params string[] learners)
    {
        await using var db = await _database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var segment = new Segment { Name = $"segment-{Interlocked.Increment(ref _next)}", Kind = SegmentKind.Static, Members = learners.Length };
        db.Segments.Add(segment);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.SegmentMembers.AddRange(learners.Select(id => new SegmentMember { SegmentId = segment.Id, LearnerId = id }));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return segment.Id;
    }

    internal sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
