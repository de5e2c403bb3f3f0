using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Profiles;
using OpsConsole.Tests.Analytics;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Pages;

namespace OpsConsole.Tests.Profiles;

public sealed class LearnersPageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();

    public LearnersPageTests()
    {
        _database.Register(Services);
        Services.AddSingleton<ProfileQueries>();
        var time = AnalyticsClock.Platform(now: new DateTimeOffset(ProfileSeed.Now));
        Services.AddSingleton(time);
        Services.AddSingleton(new OpsConsole.Segments.SegmentService(_database.Factory, time));
        ProfileSeed.Persona(_database, 1, "Rust focus · Members", 2);
        ProfileSeed.Persona(_database, 2, "Low net spend", 1);
        ProfileSeed.Learner(_database, "u-1", "张伟", "zhang.wei@example.com", LifecycleStage.Active, 120m, 1, ("rust", 1.0));
        ProfileSeed.Learner(_database, "u-2", "Jane Smith", "jane@example.com", LifecycleStage.Churned, 0m, 2);
        ProfileSeed.Learner(_database, "u-3", "李娜", "li.na@example.com", LifecycleStage.Active, 900m, 1, ("cloud", 0.7), ("docker", 0.3));
        SignInAs("Li Na", Roles.Operator);
    }

    private static string[] Ids(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) =>
        [.. page.FindAll(".ops-learner-link").Select(a => a.TextContent)];

    [Fact]
    public void Render_Operator_ListsLearnersWithMaskedContactsAndPersonas()
    {
        var page = RenderWithProviders<OpsConsole.Web.Components.Pages.Learners>();

        page.WaitForAssertion(() => Assert.Equal(3, Ids(page).Length));
        Assert.Contains("3 learners", page.Find(".ops-learner-count").TextContent);
        var u1 = page.FindAll("tr").Single(r => r.TextContent.Contains("u-1"));
        Assert.Equal(["张*", "z***@example.com"], u1.QuerySelectorAll("[data-pii]").Select(e => e.TextContent));
        Assert.DoesNotContain("zhang.wei@example.com", page.Markup);
        Assert.Empty(page.FindAll(".ops-reveal"));
        Assert.Equal(2, page.FindAll(".ops-persona").Count);
        Assert.Equal(["cloud", "docker"], page.FindAll("tr").Single(r => r.TextContent.Contains("u-3")).QuerySelectorAll(".ops-tag").Select(t => t.TextContent));
        // Operators cannot rebuild profiles: that button is for managers.
        Assert.Empty(page.FindAll(".ops-rebuild-profiles"));
    }

    [Fact]
    public void Reveal_ManagerOnOneRow_UnmasksThatRowOnlyAndWritesTheAuditEntry()
    {
        // Managers also see the rebuild button, which reads the job storage.
        var jobs = new Hangfire.InMemory.InMemoryStorage(new Hangfire.InMemory.InMemoryStorageOptions());
        Services.AddSingleton<Hangfire.JobStorage>(jobs);
        Services.AddSingleton<Hangfire.IBackgroundJobClient>(new Hangfire.BackgroundJobClient(jobs));
        Services.AddSingleton(new OpsConsole.Web.Jobs.JobsOptions { Enabled = false });
        Services.AddSingleton<OpsConsole.Web.Jobs.RollupJobTracker>();
        Services.AddSingleton<OpsConsole.Web.Profiles.ProfileJobTracker>();
        SignInAs("Wang Lei", Roles.Manager);
        var page = RenderWithProviders<OpsConsole.Web.Components.Pages.Learners>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".ops-reveal").Count));
        Assert.DoesNotContain("jane@example.com", page.Markup);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var before = navigation.Uri;

        page.Find(".ops-reveal[data-learner=u-2]").Click();

        page.WaitForAssertion(() => Assert.Contains("jane@example.com", page.Markup));
        Assert.DoesNotContain("zhang.wei@example.com", page.Markup);
        // The reveal sits in a clickable row: it must not also open the profile.
        Assert.Equal(before, navigation.Uri);
        using var db = new OpsConsole.Data.OpsDbContext(_database.Options);
        var entry = Assert.Single(db.AuditLog);
        Assert.Equal((OpsConsole.Privacy.AuditActions.PiiReveal, "u-2"), (entry.Action, entry.Target));
    }

    [Fact]
    public void SelectPersona_Click_FiltersTheListAndTheExportLink()
    {
        var page = RenderWithProviders<OpsConsole.Web.Components.Pages.Learners>();
        page.WaitForAssertion(() => Assert.Equal(3, Ids(page).Length));

        page.Find(".ops-persona[data-persona='1']").Click();

        page.WaitForAssertion(() => Assert.Equal(["u-1", "u-3"], Ids(page).Order()));
        Assert.Contains("persona=1", page.Find("a.ops-export").GetAttribute("href"));
        Assert.NotNull(page.Find(".ops-clear-filters"));
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
