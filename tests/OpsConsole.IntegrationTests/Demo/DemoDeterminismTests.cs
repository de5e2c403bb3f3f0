using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Demo;

public sealed class DemoDeterminismTests
{
    private static readonly DateOnly EndDate = new(2026, 3, 31);

    [Fact]
    public async Task GenerateAsync_SameSeedTwice_WritesIdenticalTables()
    {
        var request = new DemoRequest(300, 60, 7, EndDate);
        var (first, _) = await DemoData.GenerateAsync(request);
        await using var _1 = first;
        var (second, _) = await DemoData.GenerateAsync(request);
        await using var _2 = second;

        var a = await DemoData.StoredDigestAsync(first);
        var b = await DemoData.StoredDigestAsync(second);

        Assert.Equal(DemoData.Tables.Order(StringComparer.Ordinal), a.Keys);
        Assert.All(a.Values, digest => Assert.False(digest.StartsWith("0:", StringComparison.Ordinal), "every demo table has rows"));
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task GenerateAsync_DifferentSeed_WritesDifferentTables()
    {
        var (first, _) = await DemoData.GenerateAsync(new DemoRequest(300, 60, 7, EndDate));
        await using var _1 = first;
        var (second, _) = await DemoData.GenerateAsync(new DemoRequest(300, 60, 8, EndDate));
        await using var _2 = second;

        var a = await DemoData.StoredDigestAsync(first);
        var b = await DemoData.StoredDigestAsync(second);

        Assert.All(DemoData.Tables, table => Assert.NotEqual(a[table], b[table]));
    }

    [Theory, DatabaseProviders]
    public async Task GenerateAsync_OnEachProvider_WritesTheSamePlatformAsOnSqlite(DatabaseProvider provider)
    {
        var request = new DemoRequest(150, 20, 11, EndDate);
        var (reference, _) = await DemoData.GenerateAsync(request);
        await using var _1 = reference;
        var (database, _) = await DemoData.GenerateAsync(request, provider);
        await using var _2 = database;

        Assert.Equal(await DemoData.ModelDigestAsync(reference), await DemoData.ModelDigestAsync(database));
    }

    [Fact]
    public async Task GenerateAsync_EndDate_IsTheLastPlatformDayCovered()
    {
        var ct = TestContext.Current.CancellationToken;
        var (database, summary) = await DemoData.GenerateAsync(new DemoRequest(100, 14, 7, EndDate));
        await using var _ = database;
        await using var db = await database.Contexts.CreateDbContextAsync(ct);

        var first = await db.Events.MinAsync(e => e.OccurredAt, ct);
        var last = await db.Events.MaxAsync(e => e.OccurredAt, ct);

        Assert.True(summary.Events > 0);
        // 14 days in UTC+8 ending with 31 March: from 18 March 00:00 to 1 April 00:00 local time.
        Assert.InRange(first, new DateTime(2026, 3, 17, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 18, 16, 0, 0, DateTimeKind.Utc));
        Assert.InRange(last, new DateTime(2026, 3, 30, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 31, 15, 59, 59, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData(5, 60)]
    [InlineData(300, 3)]
    public async Task GenerateAsync_SizeOutOfRange_IsRejectedBeforeWriting(int learners, int days)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var generator = DemoData.Generator(database);

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(new DemoRequest(learners, days, 1, EndDate), null, ct));
        Assert.False(await generator.HasLearnersAsync(ct));
    }
}
