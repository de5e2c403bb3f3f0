using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;
using OpsConsole.Profiles;

namespace OpsConsole.IntegrationTests.Profiles;

public sealed class ProfileQueriesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 5, 10, 4, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// 30 learners: l-00 … l-29. Spend repeats every 7 (ties broken by id), every third has no profile, odd ones have
    /// contact details, and l-07, l-17 and l-27 are named "Zhang".
    /// </summary>
    private static async Task SeedAsync(TestDatabase database)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        for (var i = 0; i < 30; i++)
        {
            var id = $"l-{i:D2}";
            db.Learners.Add(new Learner { Id = id, SignupAt = Now.AddDays(-i), Channel = "organic", CreatedAt = Now, UpdatedAt = Now });
            if (i % 3 != 0)
            {
                db.Profiles.Add(new LearnerProfile { LearnerId = id, ComputedAt = Now, NetSpend = i % 7 * 10m, LastActiveAt = Now.AddHours(-i), TopInterests = "cloud" });
            }
            if (i % 2 == 1)
            {
                db.LearnerPii.Add(new LearnerPii { LearnerId = id, Name = i % 10 == 7 ? "Zhang Wei" : $"Learner {i}", Email = $"{id}@example.test" });
            }
        }
        await db.SaveChangesAsync(Ct);
    }

    [Theory, DatabaseProviders]
    public async Task SearchAsync_SortedByNetSpend_PagesInTheSortOrderWithEveryColumn(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);
        var queries = new ProfileQueries(database.Contexts);
        // The learners with a profile (the spend filter needs one), by spend, ties by id.
        var expected = Enumerable.Range(0, 30).Where(i => i % 3 != 0)
            .Select(i => (Id: $"l-{i:D2}", Spend: i % 7 * 10m))
            .OrderByDescending(x => x.Spend).ThenBy(x => x.Id, StringComparer.Ordinal)
            .Select(x => x.Id).ToList();

        var pages = new List<LearnerPage>();
        for (var page = 0; page < 3; page++)
        {
            pages.Add(await queries.SearchAsync(new LearnerQuery(Sort: LearnerSort.NetSpend, Descending: true, Page: page, PageSize: 8, MinSpend: 0m), Ct));
        }

        Assert.All(pages, p => Assert.Equal(20, p.Total));
        Assert.Equal(expected, pages.SelectMany(p => p.Rows).Select(r => r.Id));
        var first = pages[0].Rows[0];
        Assert.Equal(("l-13", "Learner 13", "l-13@example.test", 60m, "cloud"), (first.Id, first.Name, first.Email, first.NetSpend, first.TopInterests));
    }

    [Theory, DatabaseProviders]
    public async Task SearchAsync_NameSearchOnTheLastPage_ReturnsTheRemainingMatchesInOrder(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);

        var page = await new ProfileQueries(database.Contexts)
            .SearchAsync(new LearnerQuery(Search: "Zhang", SearchPii: true, Sort: LearnerSort.SignupAt, Descending: false, Page: 1, PageSize: 2), Ct);

        // Signed up l-27 first (27 days ago), then l-17, then l-07: the second page holds l-07 alone.
        Assert.Equal(3, page.Total);
        var row = Assert.Single(page.Rows);
        Assert.Equal(("l-07", "Zhang Wei"), (row.Id, row.Name));
    }
}
