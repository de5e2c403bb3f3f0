using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Privacy;
using OpsConsole.Profiles;
using OpsConsole.Tests.Analytics;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Pages;
using OpsConsole.Web.Privacy;

namespace OpsConsole.Tests.Profiles;

public sealed class LearnerProfilePageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();

    public LearnerProfilePageTests()
    {
        _database.Register(Services);
        Services.AddSingleton<ProfileQueries>();
        Services.AddSingleton<LearnerEraser>();
        Services.AddSingleton<OpsConsole.Retention.ChurnScoreQueries>();
        OpsConsole.Tests.Recommendations.RecommendationSeed.AddRecommender(Services);
        Services.AddSingleton(AnalyticsClock.Platform(now: new DateTimeOffset(ProfileSeed.Now)));
        ProfileSeed.Persona(_database, 2, "High net spend · Members", 40);
        ProfileSeed.Learner(_database, "u-7", "王芳", "wang.fang@example.com", LifecycleStage.AtRisk, 598m, persona: 2, ("docker", 0.6), ("kubernetes", 0.4));
        ProfileSeed.Purchase(_database, "u-7", "c-docker", "Docker in Practice", 299m);
        using var db = new OpsConsole.Data.OpsDbContext(_database.Options);
        db.Segments.Add(new OpsConsole.Segments.Segment { Id = 5, Name = "VIP list", Kind = OpsConsole.Segments.SegmentKind.Static });
        db.SegmentMembers.Add(new OpsConsole.Segments.SegmentMember { SegmentId = 5, LearnerId = "u-7" });
        db.SaveChanges();
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Open(string id) =>
        RenderWithProviders<LearnerProfilePage>((nameof(LearnerProfilePage.Id), id));

    [Fact]
    public void Render_Operator_ShowsTheProfileWithContactDetailsMasked()
    {
        SignInAs("Li Na", Roles.Operator);

        var page = Open("u-7");

        page.WaitForAssertion(() => Assert.Equal("u-7", page.Find(".ops-profile-header__id").TextContent));
        Assert.Equal("w***@example.com", page.Find("[data-pii=email]").TextContent);
        Assert.Equal("王*", page.Find("[data-pii=name]").TextContent);
        Assert.DoesNotContain("wang.fang@example.com", page.Markup);
        Assert.Empty(page.FindAll(".ops-reveal"));
        Assert.Equal("At risk", page.Find(".ops-profile-header__chips .ops-stage").TextContent);
        Assert.Contains("P2 · High net spend · Members", page.Find(".ops-tag--persona").TextContent);
        Assert.Contains("¥598.00", page.Find(".ops-profile-header__money").TextContent);
        var chart = page.FindComponent<ApexChart>();
        Assert.Equal(["docker", "kubernetes"], chart.Instance.Categories);
        Assert.Equal([0.6, 0.4], chart.Instance.Series[0].Data);
        Assert.Contains("Docker in Practice", page.Find(".ops-card--purchases").TextContent);
        Assert.Equal(2, page.FindAll(".ops-card--upcoming").Count);
        Assert.Contains("not been scored", page.Find(".ops-churn-card").TextContent);
        Assert.NotNull(page.Find(".ops-rec-profile .ops-rec-profile__nomodel"));
        Assert.Equal("/learners?segment=5", page.Find(".ops-tag--segment").GetAttribute("href"));
    }

    [Fact]
    public void Reveal_SupportAgent_ShowsTheFullContactDetails()
    {
        SignInAs("Zhao Lei", Roles.SupportAgent);
        var page = Open("u-7");
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-reveal")));

        page.Find(".ops-reveal").Click();

        page.WaitForAssertion(() => Assert.Equal("wang.fang@example.com", page.Find("[data-pii=email]").TextContent));
        Assert.Equal("王芳", page.Find("[data-pii=name]").TextContent);
        using var db = new OpsConsole.Data.OpsDbContext(_database.Options);
        var entry = Assert.Single(db.AuditLog);
        Assert.Equal(("zhao.lei@example.test", AuditActions.PiiReveal, "u-7"), (entry.Actor, entry.Action, entry.Target));
    }

    [Fact]
    public void Render_Manager_OffersNeitherExportNorErase()
    {
        SignInAs("Li Na", Roles.Manager);

        var page = Open("u-7");

        page.WaitForAssertion(() => Assert.Equal("u-7", page.Find(".ops-profile-header__id").TextContent));
        Assert.Empty(page.FindAll(".ops-learner-erase"));
        Assert.Empty(page.FindAll(".ops-learner-export"));
    }

    [Fact]
    public void Erase_AdminTypesTheLearnerId_ErasesAuditsAndReturnsToTheList()
    {
        SignInAs("Wang Wei", Roles.Admin);
        var page = Open("u-7");
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".ops-learner-erase")));
        Assert.Equal("/admin/learners/u-7/export.json", page.Find(".ops-learner-export").GetAttribute("href"));

        page.Find(".ops-learner-erase").Click();
        page.WaitForAssertion(() => Assert.True(page.Find("button.ops-erase").HasAttribute("disabled")));
        page.Find(".ops-erase-confirm input").Input("u-8");
        Assert.True(page.Find("button.ops-erase").HasAttribute("disabled"));
        page.Find(".ops-erase-confirm input").Input("u-7");
        page.WaitForAssertion(() => Assert.False(page.Find("button.ops-erase").HasAttribute("disabled")));
        page.Find("button.ops-erase").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/learners", Services.GetRequiredService<NavigationManager>().Uri));
        using var db = new OpsConsole.Data.OpsDbContext(_database.Options);
        Assert.False(db.Learners.Any(l => l.Id == "u-7"));
        var entry = db.AuditLog.Single(a => a.Action == AuditActions.LearnerErase);
        Assert.Equal("wang.wei@example.test", entry.Actor);
        Assert.StartsWith(LearnerEraser.TombstonePrefix, entry.Target);
    }

    [Fact]
    public void Render_UnknownLearner_ShowsNotFound()
    {
        SignInAs("Li Na", Roles.Operator);

        var page = Open("nobody");

        page.WaitForAssertion(() => Assert.Contains("No learner has this id", page.Markup));
        Assert.Empty(page.FindAll(".ops-profile-header"));
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
