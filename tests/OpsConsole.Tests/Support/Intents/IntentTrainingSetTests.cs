using OpsConsole.Support;

namespace OpsConsole.Tests.Support.Intents;

public sealed class IntentTrainingSetTests
{
    private static IntentExample[] Examples(params (string Intent, int Count)[] intents) =>
        [.. intents.SelectMany((x, k) => Enumerable.Range(0, x.Count).Select(i => new IntentExample(k * 1000 + i, $"{x.Intent} text {i}", x.Intent)))];

    [Fact]
    public void Split_TenTwentyAndFiveTickets_HoldsOutAFifthOfEachIntentAndUsesEveryTicketOnce()
    {
        var examples = Examples(("billing", 10), ("coupon", 20), ("invoice", 5));

        var split = IntentTrainingSet.Split(examples, 0.2, 42);

        Assert.Equal(new Dictionary<string, int> { ["billing"] = 2, ["coupon"] = 4, ["invoice"] = 1 },
            split.Test.GroupBy(e => e.Intent).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(examples.Select(e => e.TicketId).Order(), split.Training.Concat(split.Test).Select(e => e.TicketId).Order());
    }

    [Fact]
    public void Split_SameTicketsInAnotherOrder_SplitsTheSameWay()
    {
        var examples = Examples(("billing", 30), ("coupon", 12));

        var first = IntentTrainingSet.Split(examples, 0.25, 42);
        var second = IntentTrainingSet.Split(examples.Reverse(), 0.25, 42);

        Assert.Equal(first.Test.Select(e => e.TicketId).Order(), second.Test.Select(e => e.TicketId).Order());
        // The held-out tickets are drawn, not the first or last ones.
        Assert.NotEqual(Enumerable.Range(0, 8).Select(i => (long)i), first.Test.Where(e => e.Intent == "billing").Select(e => e.TicketId).Order());
    }

    [Fact]
    public void Split_TwoTicketsOfAnIntent_KeepsOneToLearnFromAndOneToTest()
    {
        var split = IntentTrainingSet.Split(Examples(("billing", 2), ("coupon", 2)), 0.5, 1);

        Assert.Equal(2, split.Training.Count);
        Assert.Equal(["billing", "coupon"], split.Test.Select(e => e.Intent).Order());
    }

    [Fact]
    public void Readiness_TooFewTicketsInAll_SaysHowManyThereAreAndHowManyAreNeeded()
    {
        var readiness = IntentTrainingReadiness.From([.. Enumerable.Repeat("billing", 12), .. Enumerable.Repeat("coupon", 8)], 50, 5);

        Assert.False(readiness.Ready);
        Assert.Equal("An intent model needs at least 50 confirmed tickets in intents with 5 or more each; there are 20 (billing 12, coupon 8), 30 more needed.", readiness.Problem);
    }

    [Fact]
    public void Readiness_OneIntentShort_LeavesItOutAndNamesWhatItLacks()
    {
        var readiness = IntentTrainingReadiness.From([.. Enumerable.Repeat("billing", 30), .. Enumerable.Repeat("coupon", 25), .. Enumerable.Repeat("invoice", 2)], 50, 5);

        Assert.True(readiness.Ready);
        Assert.Null(readiness.Problem);
        Assert.Equal([new IntentExampleCount("invoice", 2)], readiness.LeftOut);
        Assert.Equal(55, readiness.UsableExamples);
    }

    [Fact]
    public void Readiness_OnlyOneIntentWithEnough_SaysTwoAreNeededAndWhichAreShort()
    {
        var readiness = IntentTrainingReadiness.From([.. Enumerable.Repeat("billing", 60), .. Enumerable.Repeat("coupon", 3), "invoice"], 50, 5);

        Assert.Equal("An intent model needs at least two intents with 5 confirmed tickets each; only billing has (60). " +
            "Short of 5: coupon 3 (2 more needed), invoice 1 (4 more needed).", readiness.Problem);
    }

    [Fact]
    public void Readiness_NoConfirmedTickets_SaysNoneIsConfirmedYet()
    {
        var readiness = IntentTrainingReadiness.From([], 50, 5);

        Assert.Equal("An intent model needs at least two intents with 5 confirmed tickets each; no intent has that many (no ticket has an intent an agent confirmed yet).", readiness.Problem);
    }

    [Theory]
    [InlineData(0.80, 0.82, 0.02, true)]
    [InlineData(0.79, 0.82, 0.02, false)]
    [InlineData(0.90, 0.82, 0.00, true)]
    [InlineData(0.81, 0.82, 0.00, false)]
    public void Decide_LaterVersion_PromotedOnlyWithinTheMarginOfTheActiveOne(double candidate, double active, double margin, bool promoted)
    {
        var decision = IntentTrainer.Decide(new IntentModelVersion { Id = 3, StartedBy = "nightly", MacroF1 = active }, candidate, margin);

        Assert.Equal(promoted, decision.Promoted);
        Assert.Equal(promoted ? IntentPromotionReason.WithinMargin : IntentPromotionReason.BelowMargin, decision.Reason);
        Assert.Equal((3, active, margin), (decision.ComparedWith, decision.ComparedMacroF1, decision.Margin));
    }

    [Fact]
    public void Decide_NothingActive_PromotesTheFirstModelWhateverItsFigures()
    {
        var decision = IntentTrainer.Decide(null, 0.1, 0.02);

        Assert.Equal((true, IntentPromotionReason.FirstModel), (decision.Promoted, decision.Reason));
    }
}
