using OpsConsole.Demo;

namespace OpsConsole.IntegrationTests.Demo;

public sealed class DemoDeterminismTests
{
    private static readonly DateOnly EndDate = new(2026, 3, 31);

    [Fact]
    public async Task GenerateAsync_SameSeedTwice_WritesIdenticalTables()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new DemoRequest(300, 60, 7, EndDate);
        var (first, _) = await DemoDatabase.GenerateAsync(request, ct);
        await using var _1 = first;
        var (second, _) = await DemoDatabase.GenerateAsync(request, ct);
        await using var _2 = second;

        var a = await first.DigestAsync(ct);
        var b = await second.DigestAsync(ct);

        Assert.Equal(DemoDatabase.Tables.Order(StringComparer.Ordinal), a.Keys);
        Assert.All(a.Values, digest => Assert.False(digest.StartsWith("0:", StringComparison.Ordinal), "every demo table has rows"));
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task GenerateAsync_DifferentSeed_WritesDifferentTables()
    {
        var ct = TestContext.Current.CancellationToken;
        var (first, _) = await DemoDatabase.GenerateAsync(new DemoRequest(300, 60, 7, EndDate), ct);
        await using var _1 = first;
        var (second, _) = await DemoDatabase.GenerateAsync(new DemoRequest(300, 60, 8, EndDate), ct);
        await using var _2 = second;

        var a = await first.DigestAsync(ct);
        var b = await second.DigestAsync(ct);

        Assert.All(DemoDatabase.Tables, table => Assert.NotEqual(a[table], b[table]));
    }

    [Fact]
    public async Task GenerateAsync_LaterEndDate_ShiftsTheWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        var (database, summary) = await DemoDatabase.GenerateAsync(new DemoRequest(100, 14, 7, EndDate), ct);
        await using var _ = database;

        var digest = await database.DigestAsync(ct);
        await using var db = await database.Contexts.CreateDbContextAsync(ct);
        var last = db.Events.Max(e => e.OccurredAt);
        var first = db.Events.Min(e => e.OccurredAt);

        Assert.True(summary.Events > 0);
        // The window is the 14 platform days (UTC+8) ending with the end date.
        Assert.InRange(first, new DateTime(2026, 3, 17, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 19, 0, 0, 0, DateTimeKind.Utc));
        Assert.InRange(last, new DateTime(2026, 3, 30, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 31, 16, 0, 0, DateTimeKind.Utc));
        Assert.Equal(DemoDatabase.Tables.Length, digest.Count);
    }

    [Theory]
    [InlineData(5, 60)]
    [InlineData(300, 3)]
    public async Task GenerateAsync_SizeOutOfRange_IsRejectedBeforeWriting(int learners, int days)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await DemoDatabase.CreateAsync(ct);

        await Assert.ThrowsAsync<ArgumentException>(() => database.Generator.GenerateAsync(new DemoRequest(learners, days, 1, EndDate), null, ct));
        Assert.False(await database.Generator.HasLearnersAsync(ct));
    }
}
