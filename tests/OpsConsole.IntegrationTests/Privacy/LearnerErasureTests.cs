using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Privacy;

namespace OpsConsole.IntegrationTests.Privacy;

/// <summary>Erasure leaves nothing in any table that leads back to the learner, and leaves everyone else's rows exactly as they were.</summary>
public sealed class LearnerErasureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LearnerEraser Eraser(TestDatabase database) => new(database.Contexts, TimeProvider.System);

    [Theory, DatabaseProviders]
    public async Task EraseAsync_LearnerWithRowsInEveryTable_LeavesNoRowHoldingTheirIdOrPersonalDataAndOthersUntouched(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            await LearnerWorld.SeedAsync(db, Ct);
        }
        var erased = LearnerWorld.Erased;
        await using var scan = await database.Contexts.CreateDbContextAsync(Ct);
        var holdingBefore = DatabaseScan.Tables(await DatabaseScan.RowsHoldingAsync(scan, erased.Id, contains: false, Ct));
        var keptBefore = await DatabaseScan.RowsHoldingAsync(scan, LearnerWorld.Kept.Id, contains: false, Ct);
        // Every table with a learner id column is seeded, so a new learner-keyed table fails here until erasure handles it.
        var learnerKeyed = DatabaseScan.TextColumns(scan).Where(c => c.Name.EndsWith("LearnerId", StringComparison.Ordinal)).Select(c => c.Table);
        Assert.Superset(new SortedSet<string>(learnerKeyed), holdingBefore);

        var result = await Eraser(database).EraseAsync(erased.Id, "admin@example.test", Ct);

        Assert.NotNull(result);
        Assert.Empty(await DatabaseScan.RowsHoldingAsync(scan, erased.Id, contains: false, Ct));
        foreach (var personal in new[] { erased.Name, erased.Email, erased.Phone })
        {
            Assert.Empty(await DatabaseScan.RowsHoldingAsync(scan, personal, contains: true, Ct));
        }
        Assert.Equal(keptBefore, await DatabaseScan.RowsHoldingAsync(scan, LearnerWorld.Kept.Id, contains: false, Ct));
    }

    [Theory, DatabaseProviders]
    public async Task EraseAsync_KeptRecords_MoveToOneTombstoneWithTheirTextRemovedAndFiguresIntact(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            await LearnerWorld.SeedAsync(db, Ct);
        }

        var result = await Eraser(database).EraseAsync(LearnerWorld.Erased.Id, "admin@example.test", Ct);

        await using var check = await database.Contexts.CreateDbContextAsync(Ct);
        var tombstone = result!.Tombstone;
        Assert.StartsWith(LearnerEraser.TombstonePrefix, tombstone);
        var order = await check.Orders.Include(o => o.Refunds).SingleAsync(o => o.LearnerId == tombstone, Ct);
        Assert.Equal(99m, order.Amount);
        Assert.Equal(10m, Assert.Single(order.Refunds).Amount);
        Assert.Equal(1, await check.Memberships.CountAsync(m => m.LearnerId == tombstone, Ct));
        var ticket = await check.Tickets.SingleAsync(t => t.LearnerId == tombstone, Ct);
        Assert.Equal((LearnerEraser.ErasedText, LearnerEraser.ErasedText, null, null, false, "refund"),
            (ticket.Subject, ticket.Body, ticket.Entities, ticket.CsatComment, ticket.IntentConfirmed, ticket.Intent));
        Assert.All(await check.TicketMessages.Where(m => m.TicketId == ticket.Id).ToListAsync(Ct), m => Assert.Equal(LearnerEraser.ErasedText, m.Body));
        Assert.Equal(1, (await check.Segments.SingleAsync(Ct)).Members);
        var reveal = await check.AuditLog.SingleAsync(a => a.Action == AuditActions.PiiReveal && a.Target == tombstone, Ct);
        Assert.Equal("agent@example.test", reveal.Actor);
        var entry = await check.AuditLog.SingleAsync(a => a.Action == AuditActions.LearnerErase, Ct);
        Assert.Equal(("admin@example.test", tombstone), (entry.Actor, entry.Target));
        Assert.Contains("Events 2", entry.Detail);
        Assert.Equal(2, result.Deleted["Events"]);
        Assert.Equal(1, result.Anonymised["Orders"]);
    }

    [Fact]
    public async Task EraseAsync_UnknownLearner_ReturnsNullAndAuditsNothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var result = await Eraser(database).EraseAsync("u-nobody", "admin@example.test", Ct);

        Assert.Null(result);
        await using var check = await database.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(await check.AuditLog.ToListAsync(Ct));
    }

    [Fact]
    public async Task CliErase_KnownLearner_ErasesAndPrintsTheTombstone()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            await LearnerWorld.SeedAsync(db, Ct);
        }

        var (exit, output) = await CliRunner.RunAsync(database.Configuration, "learners", "erase", "--id", LearnerWorld.Erased.Id);
        var (again, missing) = await CliRunner.RunAsync(database.Configuration, "learners", "erase", "--id", LearnerWorld.Erased.Id);

        Assert.Equal(0, exit);
        await using var check = await database.Contexts.CreateDbContextAsync(Ct);
        var entry = await check.AuditLog.SingleAsync(a => a.Action == AuditActions.LearnerErase, Ct);
        Assert.Contains(entry.Target!, output);
        Assert.StartsWith("cli:", entry.Actor);
        Assert.False(await check.Learners.AnyAsync(l => l.Id == LearnerWorld.Erased.Id, Ct));
        Assert.Equal(1, again);
        Assert.Contains("No learner has the id", missing);
    }
}
