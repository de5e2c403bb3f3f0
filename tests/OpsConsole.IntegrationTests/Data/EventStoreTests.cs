using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Data;

public sealed class EventStoreTests
{
    private static BehaviorEvent Event(string id, string learner, EventType type = EventType.View, decimal? amount = null, int minute = 0) => new()
    {
        EventId = id,
        LearnerId = learner,
        Type = type,
        OccurredAt = new DateTime(2026, 5, 1, 10, minute, 0, DateTimeKind.Utc),
        ItemId = "c-7",
        Amount = amount,
        Currency = amount is null ? null : "CNY",
        Properties = """{"coupon":"SPRING"}""",
    };

    [Theory, DatabaseProviders]
    public async Task AppendAsync_NewEvents_StoresThemAndCreatesTheirLearners(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new EventStore(db.Contexts, db.Options, TimeProvider.System);

        var result = await store.AppendAsync([Event("e-1", "u-1", minute: 5), Event("e-2", "u-1", EventType.Purchase, 199.5m, minute: 1), Event("e-3", "u-2")], TestContext.Current.CancellationToken);

        Assert.Equal(new AppendResult(3, 0), result);
        await using var ctx = await db.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var events = await ctx.Events.OrderBy(e => e.Seq).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["e-1", "e-2", "e-3"], events.Select(e => e.EventId));
        var purchase = events[1];
        Assert.Equal(EventType.Purchase, purchase.Type);
        Assert.Equal(199.5m, purchase.Amount);
        Assert.Equal("CNY", purchase.Currency);
        Assert.Equal(new DateTime(2026, 5, 1, 10, 1, 0, DateTimeKind.Utc), purchase.OccurredAt);
        Assert.Equal("""{"coupon":"SPRING"}""", purchase.Properties);
        var learners = await ctx.Learners.OrderBy(l => l.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["u-1", "u-2"], learners.Select(l => l.Id));
        // A learner first seen through events is dated by their earliest event.
        Assert.Equal(new DateTime(2026, 5, 1, 10, 1, 0, DateTimeKind.Utc), learners[0].SignupAt);
    }

    [Theory, DatabaseProviders]
    public async Task AppendAsync_ResentAndRepeatedIds_CountsDuplicatesAndStoresOnce(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new EventStore(db.Contexts, db.Options, TimeProvider.System);
        await store.AppendAsync([Event("e-1", "u-1"), Event("e-2", "u-1")], TestContext.Current.CancellationToken);

        var result = await store.AppendAsync([Event("e-2", "u-1"), Event("e-3", "u-1"), Event("e-3", "u-1")], TestContext.Current.CancellationToken);

        Assert.Equal(new AppendResult(1, 2), result);
        await using var ctx = await db.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, await ctx.Events.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await ctx.Learners.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, DatabaseProviders]
    public async Task AppendAsync_IdsDifferingOnlyInCase_StoresEachAndResendsOfEitherAreDuplicates(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new EventStore(db.Contexts, db.Options, TimeProvider.System);
        const string uuid = "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";

        var first = await store.AppendAsync([Event(uuid, "u-1"), Event(uuid.ToUpperInvariant(), "u-1"), Event("Order-1", "u-2"), Event("order-1", "u-2")], TestContext.Current.CancellationToken);
        var resent = await store.AppendAsync([Event(uuid.ToUpperInvariant(), "u-1"), Event("order-1", "u-2"), Event(uuid, "u-1")], TestContext.Current.CancellationToken);

        Assert.Equal(new AppendResult(4, 0), first);
        Assert.Equal(new AppendResult(0, 3), resent);
        await using var ctx = await db.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal([uuid, uuid.ToUpperInvariant(), "Order-1", "order-1"], await ctx.Events.OrderBy(e => e.Seq).Select(e => e.EventId).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Theory, DatabaseProviders]
    public async Task AppendAsync_BatchWithOneKnownEvent_StoresTheRestInArrivalOrder(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new EventStore(db.Contexts, db.Options, TimeProvider.System);
        await store.AppendAsync([Event("e-5", "u-1")], TestContext.Current.CancellationToken);

        var result = await store.AppendAsync([.. Enumerable.Range(1, 9).Select(i => Event($"e-{i}", $"u-{i}"))], TestContext.Current.CancellationToken);

        Assert.Equal(new AppendResult(8, 1), result);
        await using var ctx = await db.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["e-5", "e-1", "e-2", "e-3", "e-4", "e-6", "e-7", "e-8", "e-9"], await ctx.Events.OrderBy(e => e.Seq).Select(e => e.EventId).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(9, await ctx.Learners.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, DatabaseProviders]
    public async Task AppendAsync_KnownLearner_KeepsTheirDetails(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = await db.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            ctx.Learners.Add(new Learners.Learner { Id = "u-1", Channel = "wechat", SignupAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await ctx.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var store = new EventStore(db.Contexts, db.Options, TimeProvider.System);

        await store.AppendAsync([Event("e-1", "u-1")], TestContext.Current.CancellationToken);

        await using var check = await db.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var learner = await check.Learners.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("wechat", learner.Channel);
        Assert.Equal(2025, learner.SignupAt.Year);
    }
}
