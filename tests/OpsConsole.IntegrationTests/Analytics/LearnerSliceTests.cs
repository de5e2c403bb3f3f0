using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;

namespace OpsConsole.IntegrationTests.Analytics;

public sealed class LearnerSliceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Ids in mixed case and lengths, so the database's own order decides where each falls.</summary>
    private static readonly string[] Ids = [.. Enumerable.Range(1, 37).Select(i => i % 3 == 0 ? $"L{i}" : i % 3 == 1 ? $"l-{i:D4}" : $"learner{i}")];

    [Theory, DatabaseProviders]
    public async Task SplitAsync_TwoConnections_SlicesHoldEveryIdOnce(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var context = await db.Contexts.CreateDbContextAsync(Ct))
        {
            context.Learners.AddRange(Ids.Select(id => new Learner { Id = id, SignupAt = new DateTime(2026, 1, 1), CreatedAt = new DateTime(2026, 1, 1) }));
            await context.SaveChangesAsync(Ct);
        }
        await using var query = await db.Contexts.CreateDbContextAsync(Ct);

        var slices = await LearnerSlice.SplitAsync(query, parallelism: 2, Ct);

        Assert.Equal(8, slices.Count);
        Assert.Null(slices[0].From);
        Assert.Null(slices[^1].To);
        var counts = new List<long>();
        foreach (var slice in slices)
        {
            var rows = await AnalyticsSql.QueryAsync(query, $"""SELECT COUNT(*) FROM "Learners" WHERE 1 = 1 {slice.Filter("\"Id\"")}""",
                slice.Bind(new Dictionary<string, object>()), r => Convert.ToInt64(r.GetValue(0)), Ct);
            counts.Add(rows[0]);
        }
        Assert.Equal(Ids.Length, counts.Sum());
        Assert.All(counts, count => Assert.InRange(count, 4, 5));
    }

    [Theory, DatabaseProviders]
    public async Task SplitAsync_NoLearners_IsOneOpenSlice(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var query = await db.Contexts.CreateDbContextAsync(Ct);

        var slices = await LearnerSlice.SplitAsync(query, parallelism: 4, Ct);

        Assert.Equal([LearnerSlice.All], slices);
        Assert.Equal("", LearnerSlice.All.Filter("\"Id\""));
    }
}
