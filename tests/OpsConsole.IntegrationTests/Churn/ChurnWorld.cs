using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Profiles;
using OpsConsole.Retention.Churn;

namespace OpsConsole.IntegrationTests.Churn;

/// <summary>The churn snapshots and trainer over a test database, with events written through the real event store.</summary>
public sealed class ChurnWorld(TestDatabase database, string zone = "Asia/Shanghai", ChurnOptions? options = null)
{
    private int _next;

    public TestDatabase Database { get; } = database;
    public PlatformTime Time { get; } = new(TimeZoneInfo.FindSystemTimeZoneById(zone), TimeProvider.System);
    public ChurnOptions Options { get; } = options ?? new ChurnOptions();
    public EventStore Store { get; } = new(database.Contexts, database.Options, TimeProvider.System);

    public ChurnSnapshotBuilder Builder(bool linq = false) =>
        new(Database.Contexts, Time, Microsoft.Extensions.Options.Options.Create(Options), new ProfileOptions()) { ReadThroughLinq = linq };

    public ChurnTrainer Trainer() => new(Builder(), Microsoft.Extensions.Options.Options.Create(Options));

    /// <summary>The UTC instant of a wall-clock time in the platform's zone.</summary>
    public DateTime Local(int month, int day, int hour = 10, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, month, day, hour, minute, 0, DateTimeKind.Unspecified), Time.Zone);

    public BehaviorEvent Event(string learner, EventType type, DateTime utc, string? item = null, decimal? amount = null, string? properties = null) => new()
    {
        EventId = $"churn-{Interlocked.Increment(ref _next)}",
        LearnerId = learner,
        Type = type,
        OccurredAt = DateTime.SpecifyKind(utc, DateTimeKind.Utc),
        ItemId = item,
        Amount = amount,
        Currency = amount is null ? null : "CNY",
        Properties = properties,
    };

    public Task AppendAsync(params BehaviorEvent[] events) => Store.AppendAsync(events, TestContext.Current.CancellationToken);
}
