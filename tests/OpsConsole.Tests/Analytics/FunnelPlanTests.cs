using OpsConsole.Analytics;

namespace OpsConsole.Tests.Analytics;

public sealed class FunnelPlanTests
{
    [Fact]
    public void Choose_RarePurchaseAfterFrequentViews_StartsFromThePurchases()
    {
        // Search, view, purchase, lesson: searches are the entries, purchases the rare step.
        var plan = FunnelPlan.Choose([0, 245, 2443, 64, 636]);

        Assert.Equal(new FunnelPlan(Prune: false, Rare: 3), plan);
    }

    [Fact]
    public void Choose_ViewsOutnumberLessonsAndPurchasesAreRare_PrunesAndStartsFromThePurchases()
    {
        var plan = FunnelPlan.Choose([0, 800, 210, 26]);

        Assert.Equal(new FunnelPlan(Prune: true, Rare: 3), plan);
    }

    [Fact]
    public void Choose_FewEntriesAndFrequentLaterSteps_FollowsEveryEntryForward()
    {
        var plan = FunnelPlan.Choose([0, 10, 500, 400]);

        Assert.Equal(new FunnelPlan(Prune: false, Rare: 0), plan);
    }

    [Fact]
    public void Choose_NoEntriesInTheSample_FollowsForwardWhateverIsRare()
    {
        var plan = FunnelPlan.Choose([0, 0, 5]);

        Assert.Equal(new FunnelPlan(Prune: false, Rare: 0), plan);
    }

    [Fact]
    public void Choose_RareStepOnlySlightlyRarerThanTheEntries_DoesNotPayForTheWalkBack()
    {
        // Two steps: walking back from 40 second steps costs about as much as following 60 entries forward.
        var plan = FunnelPlan.Choose([0, 60, 40]);

        Assert.Equal(new FunnelPlan(Prune: true, Rare: 0), plan);
    }
}
