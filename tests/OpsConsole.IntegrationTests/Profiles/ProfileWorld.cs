using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Analytics;
using OpsConsole.Catalog;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Analytics;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Profiles;

namespace OpsConsole.IntegrationTests.Profiles;

/// <summary>Profile services over a test database with a clock the test moves, fed through the real event store.</summary>
internal sealed class ProfileWorld
{
    private int _next;

    public ProfileWorld(TestDatabase database, DateTimeOffset now, ProfileOptions? options = null)
    {
        Database = database;
        Clock = new AnalyticsWorld.MovableClock(now);
        var time = new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), Clock);
        Options = options ?? new ProfileOptions();
        Store = new EventStore(database.Contexts, database.Options, Clock);
        Service = new ProfileService(database.Contexts, new ProfileBuilder(Options, time), Options, time, Clock, NullLogger<ProfileService>.Instance);
        Queries = new ProfileQueries(database.Contexts);
    }

    public TestDatabase Database { get; }
    public AnalyticsWorld.MovableClock Clock { get; }
    public ProfileOptions Options { get; }
    public EventStore Store { get; }
    public ProfileService Service { get; }
    public ProfileQueries Queries { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task AddCatalogAsync(params (string Id, string Topic, string Tags)[] items)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        db.Catalog.AddRange(items.Select(i => new CatalogItem { Id = i.Id, Title = "Course " + i.Id, Topic = i.Topic, Tags = i.Tags, Price = 99m }));
        await db.SaveChangesAsync(Ct);
    }

    public BehaviorEvent Event(string learner, EventType type, DateTime utc, string? item = null, decimal? amount = null, string? properties = null) => new()
    {
        EventId = $"ev-{Interlocked.Increment(ref _next)}",
        LearnerId = learner,
        Type = type,
        OccurredAt = utc,
        ItemId = item,
        Amount = amount,
        Currency = amount is null ? null : "CNY",
        Properties = properties,
    };

    public Task AppendAsync(params BehaviorEvent[] events) => Store.AppendAsync(events, Ct);

    /// <summary>Every profile and interest row, serialised, keyed by learner: what "the same profiles" means.</summary>
    public async Task<Dictionary<string, string>> SnapshotAsync(bool withPopulationScores = true)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(Ct);
        var profiles = await db.Profiles.AsNoTracking().ToListAsync(Ct);
        var interests = (await db.Interests.AsNoTracking().ToListAsync(Ct)).ToLookup(i => i.LearnerId);
        return profiles.ToDictionary(p => p.LearnerId, p =>
        {
            if (!withPopulationScores)
            {
                (p.RecencyScore, p.FrequencyScore, p.MonetaryScore, p.RfmSegment, p.PersonaId) = (0, 0, 0, RfmSegment.Prospect, null);
            }
            return JsonSerializer.Serialize(p) + JsonSerializer.Serialize(interests[p.LearnerId].OrderBy(i => i.Tag, StringComparer.Ordinal).Select(i => (i.Tag, i.Weight)));
        });
    }
}
