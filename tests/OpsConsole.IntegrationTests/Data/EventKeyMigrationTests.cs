using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Data;

public sealed class EventKeyMigrationTests
{
    private static readonly string[] Ids = ["demo-1", "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f", "9F1C2D3E-4B5A-4C6D-8E7F-0A1B2C3D4E5F", "订单-42"];

    [Theory, DatabaseProviders]
    public async Task MigrateAsync_EventsStoredBeforeEventKeys_BackfillsTheKeysSoResendsAreDuplicates(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var ctx = await db.Contexts.CreateDbContextAsync(ct))
        {
            await ctx.GetService<IMigrator>().MigrateAsync("Initial", ct);
            var at = new DateTime(2026, 5, 1, 10, 0, 0, DateTimeKind.Utc);
            foreach (var id in Ids)
            {
                await ctx.Database.ExecuteSqlAsync(
                    $"""INSERT INTO "Events" ("EventId","LearnerId","Type","OccurredAt","ReceivedAt") VALUES ({id}, {"u-1"}, {"View"}, {at}, {at})""", ct);
            }
        }

        await DatabaseMigrator.MigrateAsync(db.Contexts, db.Options, NullLogger.Instance, ct);

        await using (var ctx = await db.Contexts.CreateDbContextAsync(ct))
        {
            var stored = await ctx.Events.AsNoTracking().ToDictionaryAsync(e => e.EventId, e => e.EventKey, ct);
            Assert.All(Ids, id => Assert.Equal(EventKeys.For(id), stored[id]));
        }
        var store = new EventStore(db.Contexts, db.Options, TimeProvider.System);
        var resent = await store.AppendAsync(
            Ids.Select(id => new BehaviorEvent { EventId = id, LearnerId = "u-1", Type = EventType.View, OccurredAt = new DateTime(2026, 5, 2, 0, 0, 0, DateTimeKind.Utc) }).ToList(), ct);
        Assert.Equal(new AppendResult(0, Ids.Length), resent);
    }
}
