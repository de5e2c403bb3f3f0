using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Profiles;
using OpsConsole.Segments;
using OpsConsole.Tests.Analytics;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Pages;

namespace OpsConsole.Tests.Profiles;

public sealed class SegmentBuilderTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();

    public SegmentBuilderTests()
    {
        _database.Register(Services);
        var time = AnalyticsClock.Platform(now: new DateTimeOffset(ProfileSeed.Now));
        Services.AddSingleton(time);
        Services.AddSingleton<ProfileQueries>();
        Services.AddSingleton(new SegmentService(_database.Factory, time));
        ProfileSeed.Learner(_database, "u-1", "张伟", "a@example.com", LifecycleStage.AtRisk, 120m);
        ProfileSeed.Learner(_database, "u-2", "李娜", "b@example.com", LifecycleStage.Active, 900m);
        ProfileSeed.Learner(_database, "u-3", "王芳", "c@example.com", LifecycleStage.AtRisk, 0m);
        SignInAs("Li Na", Roles.Operator);
    }

    private string LiveCount(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) => page.Find(".ops-live-count").TextContent.Trim();

    [Fact]
    public void AddCondition_DefaultLifecycle_LiveCountFollowsTheRule()
    {
        var page = RenderWithProviders<SegmentBuilder>();
        page.WaitForAssertion(() => Assert.StartsWith("3 learners match", LiveCount(page)));
        Assert.Contains("every learner matches", LiveCount(page));

        page.Find(".ops-add-condition").Click();

        // A new condition starts as "lifecycle is at risk".
        page.WaitForAssertion(() => Assert.StartsWith("2 learners match", LiveCount(page)), TimeSpan.FromSeconds(5));
        Assert.Single(page.FindAll(".ops-condition"));
    }

    [Fact]
    public void AddGroup_AnyOfInsideAllOf_RendersNestedEditor()
    {
        var page = RenderWithProviders<SegmentBuilder>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-add-group")));

        page.Find(".ops-add-group").Click();

        // The builder re-renders after its change handler's database round trip; on a loaded machine that is not at once.
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-rule--depth-2")));
        Assert.Contains("any of", page.Find(".ops-rule--depth-2 .ops-rule__match").TextContent);
    }

    [Fact]
    public void Save_NamedRule_StoresTheSegmentWithItsMembers()
    {
        var page = RenderWithProviders<SegmentBuilder>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-add-condition")));
        page.Find(".ops-add-condition").Click();
        page.Find(".ops-builder__name input").Change("At risk");

        page.Find("button.ops-save-segment").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/segments", Services.GetRequiredService<NavigationManager>().Uri), TimeSpan.FromSeconds(5));
        using var db = new OpsConsole.Data.OpsDbContext(_database.Options);
        var segment = db.Segments.Single();
        Assert.Equal(("At risk", SegmentKind.Dynamic, 2), (segment.Name, segment.Kind, segment.Members));
        Assert.Equal(["u-1", "u-3"], db.SegmentMembers.Select(m => m.LearnerId).OrderBy(id => id).ToList());
    }

    [Fact]
    public async Task Save_DuplicateName_ShowsTheErrorOnTheNameField()
    {
        await Services.GetRequiredService<SegmentService>().CreateAsync("At risk", SegmentKind.Static, SegmentRule.Empty, null, Xunit.TestContext.Current.CancellationToken);
        var page = RenderWithProviders<SegmentBuilder>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-builder__name input")));
        page.Find(".ops-builder__name input").Change("At risk");

        page.Find("button.ops-save-segment").Click();

        page.WaitForAssertion(() => Assert.Contains("already exists", page.Find(".ops-builder__name").TextContent));
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
