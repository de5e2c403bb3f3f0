using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Privacy;
using OpsConsole.Web.Privacy;

namespace OpsConsole.IntegrationTests.Privacy;

public sealed class EventRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>250 events older than 30 days, interleaved by Seq with 40 recent ones (late arrivals included).</summary>
    private static async Task SeedAsync(TestDatabase database)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        var now = Now.UtcDateTime;
        db.Events.AddRange(Enumerable.Range(0, 290).Select(i => new BehaviorEvent
        {
            EventId = $"e-{i}",
            LearnerId = $"u-{i % 7}",
            Type = EventType.View,
            OccurredAt = i % 29 < 4 ? now.AddDays(-29).AddMinutes(-i) : now.AddDays(-31).AddMinutes(-i),
            ReceivedAt = now,
        }));
        // Path steps derived from the events, one old and one recent per learner.
        db.PathSteps.AddRange(Enumerable.Range(0, 7).SelectMany(i => new[]
        {
            new PathStep { LearnerId = $"u-{i}", Seq = 1_000 + i, Type = EventType.View, At = now.AddDays(-31) },
            new PathStep { LearnerId = $"u-{i}", Seq = 2_000 + i, Type = EventType.View, At = now.AddDays(-29) },
        }));
        await db.SaveChangesAsync(Ct);
    }

    private static EventRetention Retention(TestDatabase database, int days, int batch = 100) =>
        new(database.Contexts, Options.Create(new PrivacyOptions { EventRetentionDays = days, RetentionBatchSize = batch }), new FixedClock(Now), NullLogger<EventRetention>.Instance);

    [Theory, DatabaseProviders]
    public async Task PurgeAsync_ThirtyDays_DeletesOnlyOlderEventsInBatches(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);

        var deleted = await Retention(database, days: 30).PurgeAsync(Ct);

        Assert.Equal(250, deleted);
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(40, await db.Events.CountAsync(Ct));
        Assert.False(await db.Events.AnyAsync(e => e.OccurredAt < Now.UtcDateTime.AddDays(-30), Ct));
        Assert.Equal(7, await db.PathSteps.CountAsync(s => s.At > Now.UtcDateTime.AddDays(-30), Ct));
        Assert.False(await db.PathSteps.AnyAsync(s => s.At < Now.UtcDateTime.AddDays(-30), Ct));
    }

    [Fact]
    public async Task PurgeAsync_ZeroDays_KeepsEverything()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(database);

        var deleted = await Retention(database, days: 0).PurgeAsync(Ct);

        Assert.Equal(0, deleted);
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(290, await db.Events.CountAsync(Ct));
    }

    [Fact]
    public async Task Startup_RetentionConfigured_RegistersTheDailyJobWhichPurges()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            var now = DateTime.UtcNow;
            db.Events.AddRange(
                new BehaviorEvent { EventId = "old", LearnerId = "u-1", Type = EventType.View, OccurredAt = now.AddDays(-400), ReceivedAt = now },
                new BehaviorEvent { EventId = "new", LearnerId = "u-1", Type = EventType.View, OccurredAt = now.AddDays(-1), ReceivedAt = now });
            await db.SaveChangesAsync(Ct);
        }
        await using var app = new OpsConsoleApp(database, new Dictionary<string, string?>
        {
            ["Privacy:EventRetentionDays"] = "365",
            ["Privacy:RetentionCron"] = "5 3 * * *",
        });
        _ = app.BaseAddress;

        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.Equal("5 3 * * *", connection.GetRecurringJobs().Single(j => j.Id == PrivacyJobs.RetentionJobId).Cron);
        }
        await app.Services.GetRequiredService<PrivacyJobs>().PurgeEventsAsync(Ct);

        await using var check = await database.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(["new"], await check.Events.Select(e => e.EventId).ToListAsync(Ct));
    }

    [Fact]
    public async Task Startup_NegativeRetention_RefusesToStartNamingTheSetting()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(database, new Dictionary<string, string?> { ["Privacy:EventRetentionDays"] = "-1" });

        var error = Assert.ThrowsAny<Exception>(() => app.BaseAddress);

        Assert.Contains("EventRetentionDays", error.ToString());
    }
}
