using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Privacy;
using OpsConsole.Web.Components.Pages.Admin;

namespace OpsConsole.Tests.Components;

public sealed class AuditPageTests : ComponentTestBase, IDisposable
{
    private static readonly DateTime Start = new(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new();

    public AuditPageTests()
    {
        _database.Register(Services);
        Services.AddSingleton<AuditLog>();
        SignInAs("Wang Fang", Roles.Admin);
    }

    /// <summary>Entry i is by ops (even) or agent (odd), at Start + i minutes, about learner u-i.</summary>
    private void Seed(int count)
    {
        using var db = new OpsConsole.Data.OpsDbContext(_database.Options);
        db.AuditLog.AddRange(Enumerable.Range(0, count).Select(i => new AuditEntry
        {
            At = Start.AddMinutes(i),
            Actor = i % 2 == 0 ? "ops@example.test" : "agent@example.test",
            Action = i % 2 == 0 ? AuditActions.Export : AuditActions.PiiReveal,
            Target = $"u-{i}",
        }));
        db.SaveChanges();
    }

    private static string[] Targets(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) =>
        [.. page.FindAll(".mud-table-body code.ops-audit-target").Select(c => c.TextContent)];

    [Fact]
    public void Render_MoreEntriesThanAPage_ShowsTheNewestPageAndTheTotal()
    {
        Seed(30);

        var page = RenderWithProviders<Audit>();

        page.WaitForAssertion(() => Assert.Equal(25, Targets(page).Length));
        Assert.Equal("u-29", Targets(page)[0]);
        Assert.Contains("30 entries", page.Markup);
        Assert.Equal("/admin/audit/export.csv", page.Find("a.ops-export").GetAttribute("href"));
    }

    [Fact]
    public void Pager_NextPage_LoadsTheOldestEntries()
    {
        Seed(30);
        var page = RenderWithProviders<Audit>();
        page.WaitForAssertion(() => Assert.Equal(25, Targets(page).Length));

        page.Find(".mud-table-pagination button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal(["u-4", "u-3", "u-2", "u-1", "u-0"], Targets(page)));
    }

    [Fact]
    public void ActorAndTargetFilters_Typed_ShowOnlyMatchingEntriesAndCarryToTheExport()
    {
        Seed(30);
        var page = RenderWithProviders<Audit>();
        page.WaitForAssertion(() => Assert.Equal(25, Targets(page).Length));

        page.Find("[data-filter=actor] input").Input("AGENT");
        page.WaitForAssertion(() => Assert.Contains("15 entries", page.Markup), TimeSpan.FromSeconds(5));
        page.Find("[data-filter=target] input").Input("u-2");

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["u-29", "u-27", "u-25", "u-23", "u-21"], Targets(page));
            Assert.All(page.FindAll(".mud-table-body .ops-audit-action"), a => Assert.Equal("pii.reveal", a.TextContent));
            Assert.Equal("/admin/audit/export.csv?actor=AGENT&target=u-2", page.Find("a.ops-export").GetAttribute("href"));
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Render_EmptyLog_SaysNothingIsAudited()
    {
        var page = RenderWithProviders<Audit>();

        page.WaitForAssertion(() => Assert.Contains("Nothing audited yet", page.Markup));
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
