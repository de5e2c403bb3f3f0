using Bunit;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Recommendations;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Pages.Recommendations;

namespace OpsConsole.Tests.Recommendations;

/// <summary>The online quality page over real impressions and credited feedback, counted by the real query.</summary>
public sealed class RecommendationOnlinePageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();
    private int _lists;

    public RecommendationOnlinePageTests()
    {
        RecommendationSeed.AddServices(Services, _database);
        var charts = JSInterop.SetupModule(ApexChart.ModulePath);
        charts.SetupVoid("create", _ => true).SetVoidResult();
        charts.SetupVoid("update", _ => true).SetVoidResult();
        SignInAs("Li Na", Roles.Operator);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Lists of five items served <paramref name="daysAgo"/> days ago, with clicks and purchases at the given positions.</summary>
    private void Serve(int version, double daysAgo, int lists, int[] clickPositions, (int Position, decimal Amount)[] purchases)
    {
        using var db = new OpsDbContext(_database.Options);
        var at = DateTime.UtcNow.AddDays(-daysAgo);
        var ids = new List<string>();
        for (var l = 0; l < lists; l++)
        {
            var id = $"list-{++_lists:D4}";
            ids.Add(id);
            for (var p = 1; p <= 5; p++)
            {
                db.RecommendationImpressions.Add(new RecommendationImpression
                {
                    RecommendationId = id, LearnerId = $"u-{l}", ItemId = $"c-{p}", Position = p, Score = 1f / p, ModelId = version, ServedAt = at,
                });
            }
        }
        var next = 0;
        foreach (var position in clickPositions)
        {
            db.RecommendationFeedback.Add(new RecommendationFeedback
            {
                RecommendationId = ids[next++], ItemId = $"c-{position}", Kind = FeedbackKind.Click, OccurredAt = at, ModelId = version, Position = position,
            });
        }
        foreach (var (position, amount) in purchases)
        {
            db.RecommendationFeedback.Add(new RecommendationFeedback
            {
                RecommendationId = ids[next++], ItemId = $"c-{position}", Kind = FeedbackKind.Purchase, OccurredAt = at, Amount = amount,
                ModelId = version, Position = position,
            });
        }
        db.SaveChanges();
    }

    [Fact]
    public void Render_TwoVersionsServed_ShowsFiguresPerVersionChartsAndTheComparison()
    {
        Serve(1, daysAgo: 2, lists: 20, clickPositions: [1, 1, 2, 3], purchases: [(1, 99m)]);
        Serve(2, daysAgo: 1, lists: 40, clickPositions: [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 1], purchases: [(1, 99m), (1, 199m), (2, 299m)]);

        var page = RenderWithProviders<Online>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ops-rec-online-table tbody tr").Count));
        var rows = page.FindAll(".ops-rec-online-table tbody tr");
        Assert.Equal(["2", "1"], rows.Select(r => r.GetAttribute("data-version")));
        Assert.Equal(["6.00%", "4.00%"], rows.Select(r => r.QuerySelector(".ops-rec-ctr")!.TextContent));
        Assert.Equal("¥2,985.00", rows[0].QuerySelector(".ops-rec-rpm")!.TextContent);
        Assert.Equal(["40", "200", "12", "6.00%", "3", "1.50%", "¥597.00", "¥2,985.00"],
            rows[0].QuerySelectorAll("td.ops-num").Select(c => c.TextContent.Trim()));
        Assert.Equal("300", page.Find(".ops-rec-online-totals [data-fact=Online_Impressions] .ops-fact__value").TextContent);
        Assert.Equal("5.33%", page.Find(".ops-rec-online-totals [data-fact=Online_Ctr] .ops-fact__value").TextContent);

        var charts = page.FindComponents<ApexChart>().Select(c => c.Instance).ToArray();
        var byDay = charts.Single(c => c.Type == "line");
        Assert.Equal(["v1", "v2"], byDay.Series.Select(s => s.Name));
        // From the first day anything was served to the end of the range.
        Assert.Equal(3, byDay.Categories.Count);
        // v1 served on one day only: its line has one point, the other days are gaps rather than zeros.
        Assert.Equal(2, byDay.Series[0].Gaps!.Count);
        Assert.Equal(0.04, byDay.Series[0].Data.Where((_, i) => !byDay.Series[0].Gaps!.Contains(i)).Single(), 6);
        var byPosition = charts.Single(c => c.Type == "bar");
        Assert.Equal(["1", "2", "3", "4", "5"], byPosition.Categories);
        Assert.Equal(5.0 / 40, byPosition.Series[1].Data[0], 6);
        Assert.Equal(2.0 / 20, byPosition.Series[0].Data[0], 6);

        var ctr = page.Find(".ops-rec-compare-table [data-figure=Online_Ctr]");
        Assert.Equal(["CTR", "4.00%", "6.00%", "+2.00 pp", "+50.0%"], ctr.QuerySelectorAll("td").Take(5).Select(c => c.TextContent.Trim()));
        Assert.NotEmpty(ctr.QuerySelectorAll("td")[5].TextContent.Trim());
    }

    [Fact]
    public void Render_OneVersion_ShowsNoComparison()
    {
        Serve(3, daysAgo: 1, lists: 10, clickPositions: [1], purchases: []);

        var page = RenderWithProviders<Online>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-rec-online-table tbody tr")));
        Assert.Empty(page.FindAll(".ops-rec-compare"));
    }

    [Fact]
    public void Render_NothingServed_ShowsTheEmptyStateNamingTheApi()
    {
        var page = RenderWithProviders<Online>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-journey-empty")));
        Assert.Contains("GET /api/v1/recommendations/{learnerId}", page.Find(".ops-journey-empty").TextContent);
        Assert.Empty(page.FindAll(".ops-rec-online-table"));
    }

    void IDisposable.Dispose()
    {
        Dispose();
        _database.Dispose();
    }
}
