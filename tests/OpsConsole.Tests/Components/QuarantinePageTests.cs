using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Ingestion;
using OpsConsole.Web.Components.Pages.Admin;

namespace OpsConsole.Tests.Components;

public sealed class QuarantinePageTests : ComponentTestBase, IDisposable
{
    private static readonly DateTime Start = new(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new();

    public QuarantinePageTests()
    {
        _database.Register(Services);
        Services.AddSingleton<QuarantineQueries>();
        SignInAs("Wang Fang", Roles.Admin);
    }

    private void Seed(int count, Func<int, string> reason)
    {
        using var db = new OpsConsole.Data.OpsDbContext(_database.Options);
        db.Quarantine.AddRange(Enumerable.Range(0, count).Select(i => new QuarantinedRecord
        {
            ReceivedAt = Start.AddMinutes(i),
            Kind = i % 3 == 0 ? "learner" : "event",
            Source = "api",
            Index = i,
            RecordId = $"e-{i}",
            Field = i % 2 == 0 ? "type" : "occurredAt",
            Reason = reason(i),
            Payload = $$"""{"eventId":"e-{{i}}"}""",
        }));
        db.SaveChanges();
    }

    private static string[] RecordIds(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) =>
        [.. page.FindAll(".mud-table-body code.ops-code:not(.ops-code--field)").Select(c => c.TextContent)];

    [Fact]
    public void Render_MoreRecordsThanAPage_ShowsTheNewestPageAndTheTotal()
    {
        Seed(30, i => "is required");

        var page = RenderWithProviders<Quarantine>();

        page.WaitForAssertion(() => Assert.Equal(25, RecordIds(page).Length));
        Assert.Equal("e-29", RecordIds(page)[0]);
        Assert.Contains("30 records", page.Markup);
    }

    [Fact]
    public void Pager_NextPage_LoadsTheRemainingRecords()
    {
        Seed(30, i => "is required");
        var page = RenderWithProviders<Quarantine>();
        page.WaitForAssertion(() => Assert.Equal(25, RecordIds(page).Length));

        page.Find(".mud-table-pagination button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal(["e-4", "e-3", "e-2", "e-1", "e-0"], RecordIds(page)));
    }

    [Fact]
    public void SearchText_Typed_ShowsOnlyMatchingRecordsFromTheFirstPage()
    {
        Seed(30, i => i % 10 == 7 ? "'teleport' is not a known event type" : "is required");
        var page = RenderWithProviders<Quarantine>();
        page.WaitForAssertion(() => Assert.Equal(25, RecordIds(page).Length));

        page.Find("[data-filter=text] input").Input("TELEPORT");

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["e-27", "e-17", "e-7"], RecordIds(page));
            Assert.Contains("3 records", page.Markup);
            Assert.Contains("q=TELEPORT", page.Find("a.ops-export").GetAttribute("href"));
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ClearFilters_AfterSearch_ShowsEverythingAgain()
    {
        Seed(12, i => i == 5 ? "special" : "is required");
        var page = RenderWithProviders<Quarantine>();
        page.Find("[data-filter=text] input").Input("special");
        page.WaitForAssertion(() => Assert.Equal(["e-5"], RecordIds(page)), TimeSpan.FromSeconds(5));

        // Find and click on the renderer's thread, so a re-render from the debounced search cannot slip in between.
        page.InvokeAsync(() => page.Find(".ops-clear-filters").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal(12, RecordIds(page).Length);
            Assert.Equal("/admin/quarantine/export", page.Find("a.ops-export").GetAttribute("href"));
        });
    }

    [Fact]
    public void Render_EmptyQuarantine_SaysNothingIsQuarantined()
    {
        var page = RenderWithProviders<Quarantine>();

        page.WaitForAssertion(() => Assert.Contains("Nothing in quarantine", page.Markup));
    }

    [Fact]
    public void SearchText_NoMatch_SaysNoRecordsMatch()
    {
        Seed(3, i => "is required");
        var page = RenderWithProviders<Quarantine>();

        page.Find("[data-filter=text] input").Input("zzz");

        page.WaitForAssertion(() => Assert.Contains("No records match these filters", page.Markup), TimeSpan.FromSeconds(5));
    }

    void IDisposable.Dispose()
    {
        Dispose();
        _database.Dispose();
    }
}
