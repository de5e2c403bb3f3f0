using OpsConsole.Catalog;
using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class RecommendationRankerTests
{
    /// <summary>Scores fixed per item so each business rule can be checked against a known order.</summary>
    private sealed class FixedScores(string generator, float[] scores, ReasonKind kind = ReasonKind.SimilarToHistory) : ICandidateModel
    {
        public string Generator => generator;
        public int ItemCount => scores.Length;
        public List<LearnerHistory> Seen { get; } = [];
        public void Score(LearnerHistory history, Span<float> into)
        {
            Seen.Add(history);
            scores.CopyTo(into);
        }
        public Reason Explain(LearnerHistory history, int item) => new(kind, history.Items.Count > 0 ? history.Items[^1] : null, "cloud");
        public void Save(Stream stream) => throw new NotSupportedException();
    }

    private static readonly RecommenderOptions Options = new() { MaxPerTopic = 2 };

    // Items 0–5 are cloud, 6–7 rust, 8 is a retired rust item, 9 a column (membership).
    private static ServingState State(ICandidateModel primary, ICandidateModel? popularity = null, IReadOnlyDictionary<string, float[]>? channels = null)
    {
        var ids = Enumerable.Range(0, 10).Select(i => $"i{i}").ToArray();
        var models = new Dictionary<string, ICandidateModel> { [primary.Generator] = primary };
        if (popularity is not null)
        {
            models[RecommenderGenerators.Popularity] = popularity;
        }
        var bundle = new ModelBundle(3, primary.Generator, ids, models, channels ?? new Dictionary<string, float[]>());
        var items = ids.Select((id, i) => (ServingItem?)new ServingItem(id, $"Title {i}", i < 6 ? "cloud" : "rust",
            i == 9 ? ContentKind.Column : ContentKind.Course, 99m, Available: i != 8)).ToArray();
        return new ServingState(bundle, items);
    }

    private static LearnerSignals Learner(int[] history, int[]? owned = null, bool member = false, string? channel = null, string[]? interests = null) =>
        new("u-1", true, new LearnerHistory(history, [.. history.Select(_ => 1f)], [.. history.Select(i => (long)i)], interests ?? [], channel),
            new HashSet<int>(owned ?? []), member);

    private static readonly float[] Descending = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];

    [Fact]
    public void Rank_TopicCap_KeepsAtMostTheCapPerTopicAndSaysSo()
    {
        var ranker = new RecommendationRanker(Options);

        var list = ranker.Rank(State(new FixedScores("ease", Descending)), Learner([0]), 4, new RecommendationContext("home", null));

        // 0 is in the history (owned below only if bought); cloud is capped at two, so rust fills the rest.
        Assert.Equal([0, 1, 6, 7], list.Items.Select(i => i.Item));
        Assert.Contains(list.Rules, r => r.Contains("At most 2 item(s) per topic", StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_OwnedRetiredAndMembershipItems_AreNeverOffered()
    {
        var ranker = new RecommendationRanker(Options);
        float[] scores = [1, 1, 1, 1, 1, 1, 1, 5, 9, 8];

        var list = ranker.Rank(State(new FixedScores("ease", scores)), Learner([2], owned: [7], member: true), 10, new RecommendationContext("home", null));

        var offered = list.Items.Select(i => i.Item).ToArray();
        Assert.DoesNotContain(7, offered); // bought
        Assert.DoesNotContain(8, offered); // retired
        Assert.DoesNotContain(9, offered); // a column the membership already opens
        Assert.Contains(list.Rules, r => r.StartsWith("Left out 2 item(s) the learner already bought", StringComparison.Ordinal));
        Assert.Contains(list.Rules, r => r.StartsWith("Left out 1 retired or unpublished", StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_NarrowCatalogue_FillsFromCappedTopicsRatherThanLeaveSlotsEmpty()
    {
        var ranker = new RecommendationRanker(Options);
        float[] scores = [9, 8, 7, 6, 5, 4, 0, 0, 0, 0];

        var list = ranker.Rank(State(new FixedScores("ease", scores)), Learner([]) with { History = new LearnerHistory([6], [1f], [0], [], null) }, 5,
            new RecommendationContext("home", null));

        Assert.Equal([0, 1, 2, 3, 4], list.Items.Select(i => i.Item));
    }

    [Fact]
    public void Rank_ItemContext_AsksTheCollaborativeModelAboutThatItemAloneAndLeavesItOut()
    {
        var ease = new FixedScores("ease", Descending);
        var ranker = new RecommendationRanker(Options);

        var list = ranker.Rank(State(ease), Learner([5, 6]), 3, new RecommendationContext("item:i0", "i0"));

        Assert.Equal([0], ease.Seen.Single().Items);
        Assert.DoesNotContain(0, list.Items.Select(i => i.Item));
        Assert.All(list.Items, i => Assert.Equal(0, i.Reason.AnchorItem));
    }

    [Fact]
    public void Rank_UnknownContextItem_ThrowsNamingContext()
    {
        var ranker = new RecommendationRanker(Options);

        var error = Assert.Throws<RecommendationRequestException>(() =>
            ranker.Rank(State(new FixedScores("ease", Descending)), Learner([]), 3, new RecommendationContext("item:nope", "nope")));

        Assert.Equal("context", error.Field);
    }

    [Fact]
    public void Rank_NoHistory_UsesPopularityBlendedWithTheChannelAndExplainsTheColdStart()
    {
        var ease = new FixedScores("ease", Descending);
        float[] popular = [0, 0, 0, 0, 0, 0, 10, 10, 0, 0];
        float[] wechat = [0, 0, 0, 0, 0, 20, 0, 0, 0, 0];
        var ranker = new RecommendationRanker(Options);

        var list = ranker.Rank(State(ease, new FixedScores(RecommenderGenerators.Popularity, popular, ReasonKind.PopularInTopic),
            new Dictionary<string, float[]> { ["wechat"] = wechat }), Learner([], channel: "wechat"), 3, new RecommendationContext("home", null));

        Assert.True(list.ColdStart);
        Assert.Empty(ease.Seen);
        Assert.Equal([5, 6, 7], list.Items.Select(i => i.Item));
        Assert.Equal(ReasonKind.PopularInChannel, list.Items[0].Reason.Kind);
        Assert.Equal("wechat", list.Items[0].Reason.Topic);
        Assert.Equal(ReasonKind.PopularInTopic, list.Items[1].Reason.Kind);
        Assert.Contains(list.Rules, r => r.StartsWith("No history yet", StringComparison.Ordinal));
    }
}
