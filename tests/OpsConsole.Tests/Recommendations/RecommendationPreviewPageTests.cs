using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Recommendations;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Pages.Recommendations;
using OpsConsole.Web.Components.Recommendations;

namespace OpsConsole.Tests.Recommendations;

/// <summary>The preview page and the profile's recommendations card over a model trained by the real trainer.</summary>
public sealed class RecommendationPreviewPageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();

    public RecommendationPreviewPageTests()
    {
        RecommendationSeed.AddServices(Services, _database);
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Open(string? learner)
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Services.GetRequiredService<NavigationManager>().NavigateTo(learner is null ? "/recommendations/preview" : $"/recommendations/preview?learner={learner}");
        return RenderWithProviders<Preview>();
    }

    private int StoredImpressions()
    {
        Services.GetRequiredService<ImpressionLog>().FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var db = new OpsDbContext(_database.Options);
        return db.RecommendationImpressions.Count();
    }

    [Fact]
    public void Open_LearnerWithHistory_ShowsEachGeneratorsProposalsAndTheServedListWithReasonsAndRules()
    {
        SignInAs("Li Na", Roles.Operator);
        RecommendationSeed.Platform(_database);
        var model = RecommendationSeed.Train(Services);

        var page = Open("u-fan");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-rec-served-table tbody tr")));
        // One card per generator of the serving version, the one that ranks first.
        var cards = page.FindAll(".ops-rec-proposals");
        Assert.Equal(["content", "ease", "popularity", "sequence"], cards.Select(c => c.GetAttribute("data-generator")).Order());
        string[] ranking = model.Algorithm == ModelBundle.Rerank ? [] : [model.Algorithm];
        Assert.Equal(ranking, page.FindAll(".ops-rec-proposals--primary").Select(c => c.GetAttribute("data-generator")));
        Assert.Equal(ranking, cards.Take(ranking.Length).Select(c => c.GetAttribute("data-generator")));
        // Popularity proposes what u-fan already bought and the retired course; the rules take both out of the served list.
        var popularity = page.Find(".ops-rec-proposals[data-generator=popularity]");
        Assert.NotNull(popularity.QuerySelector("[data-item=c-docker] .ops-rec-owned"));
        Assert.NotNull(popularity.QuerySelector("[data-item=c-old] .ops-rec-unavailable"));
        var served = page.FindAll(".ops-rec-served-table tbody tr").Select(r => r.GetAttribute("data-item")).ToArray();
        Assert.Equal("c-k8s", served[0]);
        Assert.DoesNotContain("c-docker", served);
        Assert.DoesNotContain("c-old", served);
        Assert.Contains("“Docker Basics”", page.Find(".ops-rec-served-table tbody tr .ops-rec-reason").TextContent);
        Assert.NotNull(page.Find(".ops-rec-proposals[data-generator=popularity] [data-item=c-k8s]"));
        Assert.Contains("Left out", page.Find(".ops-rec-rules [data-rule=owned]").TextContent);
        // The learner summary: history the model reads, and nothing logged as served.
        Assert.Contains("Docker Basics", page.Find(".ops-rec-history").TextContent);
        Assert.Contains($"v{model.Id}", page.Find(".ops-rec-served .ops-card__title").TextContent);
        Assert.Equal(0, StoredImpressions());
    }

    [Fact]
    public void Open_IdTheConsoleNeverSaw_ShowsTheColdStartListAndSaysWhy()
    {
        SignInAs("Li Na", Roles.Operator);
        RecommendationSeed.Platform(_database);
        RecommendationSeed.Train(Services);

        var page = Open("someone-new");

        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-rec-coldstart")));
        Assert.Contains("never seen this id", page.Find(".ops-rec-learner").TextContent);
        Assert.NotEmpty(page.FindAll(".ops-rec-served-table tbody tr"));
        Assert.NotNull(page.Find(".ops-rec-rules [data-rule^=cold_start]"));
        // Personal generators have nothing to go on; they say so instead of showing an empty list.
        Assert.NotNull(page.Find(".ops-rec-proposals[data-generator=ease] .ops-rec-proposals__empty"));
    }

    [Fact]
    public void Open_NoLearnerChosen_AsksForOne()
    {
        SignInAs("Li Na", Roles.Operator);

        var page = Open(null);

        Assert.NotNull(page.Find(".ops-rec-preview-pick"));
        Assert.Empty(page.FindAll(".ops-rec-served"));
    }

    [Fact]
    public void Open_NoModelTrained_PointsToTheModelsPage()
    {
        SignInAs("Li Na", Roles.Operator);
        RecommendationSeed.Platform(_database);

        var page = Open("u-fan");

        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-rec-preview-nomodel")));
        Assert.Equal("/recommendations", page.Find(".ops-rec-preview-nomodel a").GetAttribute("href"));
    }

    [Fact]
    public void ProfileCard_Operator_ShowsTheTopFiveWithReasonsAndALinkToThePreview()
    {
        SignInAs("Li Na", Roles.Operator);
        RecommendationSeed.Platform(_database);
        RecommendationSeed.Train(Services);

        var card = Render<LearnerRecommendations>(p => p.Add(c => c.LearnerId, "u-fan"));

        card.WaitForAssertion(() => Assert.NotEmpty(card.FindAll(".ops-rec-profile__list li")));
        var items = card.FindAll(".ops-rec-profile__list li");
        Assert.InRange(items.Count, 1, LearnerRecommendations.Count);
        Assert.Equal("c-k8s", items[0].GetAttribute("data-item"));
        Assert.All(items, i => Assert.NotEmpty(i.QuerySelector(".ops-rec-profile__reason")!.TextContent));
        Assert.Equal("/recommendations/preview?learner=u-fan", card.Find(".ops-rec-profile__more").GetAttribute("href"));
        Assert.Equal(0, StoredImpressions());
    }

    [Fact]
    public void ProfileCard_SupportAgent_ShowsTheListWithoutTheAnalystsPreviewLink()
    {
        SignInAs("Chen Jie", Roles.SupportAgent);
        RecommendationSeed.Platform(_database);
        RecommendationSeed.Train(Services);

        var card = Render<LearnerRecommendations>(p => p.Add(c => c.LearnerId, "u-fan"));

        card.WaitForAssertion(() => Assert.NotEmpty(card.FindAll(".ops-rec-profile__list li")));
        Assert.Empty(card.FindAll(".ops-rec-profile__more"));
    }

    [Fact]
    public void ProfileCard_NoModel_SaysRecommendationsComeOnceOneServes()
    {
        SignInAs("Li Na", Roles.Operator);

        var card = Render<LearnerRecommendations>(p => p.Add(c => c.LearnerId, "u-fan"));

        card.WaitForAssertion(() => Assert.NotNull(card.Find(".ops-rec-profile__nomodel")));
    }

    void IDisposable.Dispose()
    {
        Dispose();
        _database.Dispose();
    }
}
