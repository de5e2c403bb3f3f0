using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Recommendations;
using OpsConsole.Telemetry;

namespace OpsConsole.Tests.Recommendations;

public sealed class RerankerTests
{
    /// <summary>Scores fixed per item, so the features the re-ranker sees can be computed by hand.</summary>
    private sealed class FixedScores(string generator, float[] scores) : ICandidateModel
    {
        public string Generator => generator;
        public int ItemCount => scores.Length;
        public int Scored { get; private set; }
        public void Score(LearnerHistory history, Span<float> into)
        {
            Scored++;
            scores.CopyTo(into);
        }
        public int Explained { get; private set; }
        public Reason Explain(LearnerHistory history, int item)
        {
            Explained++;
            return new(ReasonKind.SimilarToHistory, history.Items.Count > 0 ? history.Items[^1] : null);
        }
        public void Save(Stream stream) => throw new NotSupportedException();
    }

    /// <summary>Lists where only the candidates that generator 0 scores above 0.6 were taken: what LambdaRank must find.</summary>
    private static List<RerankGroup> Groups(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => new RerankGroup([.. Enumerable.Range(0, 12).Select(_ =>
        {
            var features = new float[RerankFeatures.Width];
            for (var f = 0; f < features.Length; f++)
            {
                features[f] = (float)random.NextDouble();
            }
            return (features, features[0] > 0.6f ? 1f : 0f);
        })]))];
    }

    [Fact]
    public void Train_RelevanceFollowsOneFeature_RanksByThatFeature()
    {
        var reranker = Reranker.Train(Groups(300, 1));
        var fresh = Groups(50, 2);

        var hits = 0;
        foreach (var group in fresh.Where(g => g.Rows.Any(r => r.Label > 0)))
        {
            var scores = reranker.Score([.. group.Rows.Select(r => r.Features)]);
            var best = Array.IndexOf(scores, scores.Max());
            hits += group.Rows[best].Label > 0 ? 1 : 0;
        }

        Assert.True(hits >= 45, $"the top candidate was relevant in {hits} of ~50 lists");
    }

    [Fact]
    public void ToBytes_RoundTrip_ScoresAlike()
    {
        var reranker = Reranker.Train(Groups(100, 3));
        var rows = Groups(1, 4)[0].Rows.Select(r => r.Features).ToArray();

        var loaded = Reranker.FromBytes(reranker.ToBytes());

        Assert.Equal(reranker.Score(rows), loaded.Score(rows));
    }

    [Fact]
    public void Train_NoListWithARelevantCandidate_ThrowsSayingWhy()
    {
        var groups = Groups(20, 5).Select(g => new RerankGroup([.. g.Rows.Select(r => (r.Features, 0f))])).ToList();

        var error = Assert.Throws<ArgumentException>(() => Reranker.Train(groups));

        Assert.Contains("nothing to learn", error.Message);
    }

    [Fact]
    public void Build_TwoGenerators_UnionOfTheirCandidatesWithScaledScoresRanksAndTopicShare()
    {
        var features = new RerankFeatures(["cloud", "cloud", "rust", "rust"], [9, 0, 3, 1]);
        var models = new Dictionary<string, ICandidateModel>
        {
            ["ease"] = new FixedScores("ease", [0, 4, 2, 0]),
            ["popularity"] = new FixedScores("popularity", [5, 1, 0, 0]),
        };
        var history = new LearnerHistory([0], [1f], [0], [], null);

        var rows = features.Build(models, history, i => i != 0, now: 2 * 86_400);

        Assert.Equal([1, 2], rows.Select(r => r.Item));
        var item1 = rows[0].Features;
        Assert.Equal((1f, 1f), (item1[0], item1[1]));        // ease: its best, rank 1
        Assert.Equal((0f, 0f), (item1[2], item1[3]));        // itemknn: absent
        Assert.Equal((1f, 1f), (item1[6], item1[7]));        // popularity: best eligible (item 0 is excluded), rank 1
        Assert.Equal(MathF.Log(1), item1[10]);               // nobody touched item 1
        Assert.Equal(1f, item1[12]);                         // the whole history is cloud, as item 1 is
        Assert.Equal(MathF.Log(3), item1[13], 5);            // two idle days
        var item2 = rows[1].Features;
        Assert.Equal((0.5f, 0.5f), (item2[0], item2[1]));
        Assert.Equal(0f, item2[12]);
    }

    [Fact]
    public void Rank_RerankIsPrimary_OrdersTheGeneratorsCandidatesByTheLearnedScoreAndExplainsByTheStrongestGenerator()
    {
        // Learned from lists where generator 0's (EASE's) score decides relevance.
        var reranker = Reranker.Train(Groups(300, 6));
        var ids = new[] { "a", "b", "c", "d", "e" };
        var models = new Dictionary<string, ICandidateModel>
        {
            ["ease"] = new FixedScores("ease", [0, 1, 9, 5, 0]),
            ["popularity"] = new FixedScores("popularity", [0, 9, 1, 1, 2]),
        };
        var bundle = new ModelBundle(7, ModelBundle.Rerank, ids, models, new Dictionary<string, float[]>(),
            reranker, new RerankFeatures(["x", "y", "z", "w", "v"], [1, 1, 1, 1, 1]));
        var state = new ServingState(bundle, [.. ids.Select(id => (ServingItem?)new ServingItem(id, id.ToUpperInvariant(), id, Catalog.ContentKind.Course, 1m, true))]);
        var learner = new LearnerSignals("u", true, new LearnerHistory([0], [1f], [0], [], null), new HashSet<int> { 0 }, false);

        var list = new RecommendationRanker(new RecommenderOptions()).Rank(state, learner, 2, new RecommendationContext("home", null));

        Assert.Equal([2, 3], list.Items.Select(i => i.Item));
        Assert.Equal("rerank:ease", list.Items[0].Generator);
        Assert.Equal(0, list.Items[0].Reason.AnchorItem);
    }

    // Items 1–4 are cloud, 5–7 rust; 7 is a column (membership). The learner has bought item 0.
    private static readonly string[] Ids = ["i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7"];
    private static readonly DateTime Today = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Lazy<Reranker> LearnedFromEase = new(() => Reranker.Train(Groups(300, 6)));

    private static (ModelBundle Bundle, FixedScores Ease) RerankBundle(float[] ease, int version = 7)
    {
        var model = new FixedScores("ease", ease);
        var models = new Dictionary<string, ICandidateModel>
        {
            ["ease"] = model,
            ["popularity"] = new FixedScores("popularity", [0, 1, 2, 1, 2, 1, 2, 1]),
        };
        var topics = Ids.Select((_, i) => i < 5 ? "cloud" : "rust").ToArray();
        return (new ModelBundle(version, ModelBundle.Rerank, Ids, models, new Dictionary<string, float[]>(), LearnedFromEase.Value,
            new RerankFeatures(topics, [.. Ids.Select(_ => 1f)])), model);
    }

    private static ServingState Serving(ModelBundle bundle, params int[] unavailable) => Serving(bundle, i => i < 5 ? "cloud" : "rust", unavailable);

    private static ServingState Serving(ModelBundle bundle, Func<int, string> topic, params int[] unavailable) =>
        new(bundle, [.. Ids.Select((id, i) => (ServingItem?)new ServingItem(id, id.ToUpperInvariant(), topic(i),
            i == 7 ? Catalog.ContentKind.Column : Catalog.ContentKind.Course, 1m, !unavailable.Contains(i)))]);

    private static LearnerState Learner(DateTime? memberUntil = null, params string[] touched) =>
        new("u", true, null, [], [.. new[] { "i0" }.Concat(touched).Select((id, i) => new ItemTouch(id, 1f, Today.AddDays(i - 10)))],
            new HashSet<string> { "i0" }, memberUntil);

    private static RankedList Home(RecommendationRanker ranker, ServingState serving, LearnerState learner, int k = 3, DateTime? at = null)
    {
        var now = at ?? Today;
        return ranker.Rank(serving, LearnerSignals.For(learner, serving.Bundle, now), k, new RecommendationContext("home", null),
            new DateTimeOffset(now).ToUnixTimeSeconds());
    }

    /// <summary>The list as an uncached ranker would serve it: what a cached one must serve too.</summary>
    private static RankedList Fresh(ServingState serving, LearnerState learner, RecommenderOptions options, int k = 3, DateTime? at = null) =>
        Home(new RecommendationRanker(options), serving, learner, k, at);

    private static void AssertSameList(RankedList expected, RankedList actual)
    {
        Assert.Equal(expected.Items, actual.Items);
        Assert.Equal(expected.Rules, actual.Rules);
    }

    private static readonly float[] EaseScores = [0, 9, 8, 7, 6, 5, 4, 10];

    [Fact]
    public void Rank_SameStateAndModelAgain_ServesTheSameListWithoutAskingTheGeneratorsOrTheReranker()
    {
        var cache = new RerankCache();
        var ranker = new RecommendationRanker(new RecommenderOptions(), cache);
        var (bundle, ease) = RerankBundle(EaseScores);
        var serving = Serving(bundle);
        var learner = Learner();

        var first = Home(ranker, serving, learner);
        var second = Home(ranker, serving, learner);

        Assert.Equal(1, ease.Scored);
        Assert.Equal((1L, 1L), (cache.Misses, cache.Hits));
        Assert.Equal(3, first.Items.Count);
        AssertSameList(first, second);
        AssertSameList(Fresh(serving, learner, new RecommenderOptions()), second);
        Assert.All(second.Items, i => Assert.StartsWith("rerank:", i.Generator, StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_SameStateAndModelAgain_ExplainsEachShownItemOnce()
    {
        var ranker = new RecommendationRanker(new RecommenderOptions(), new RerankCache());
        var (bundle, ease) = RerankBundle(EaseScores);
        var popularity = (FixedScores)bundle.Models["popularity"];
        var serving = Serving(bundle);
        var learner = Learner();

        var first = Home(ranker, serving, learner);
        var explainedFirst = ease.Explained + popularity.Explained;
        var second = Home(ranker, serving, learner);

        Assert.Equal(3, explainedFirst);
        Assert.Equal(explainedFirst, ease.Explained + popularity.Explained);
        Assert.Equal(first.Items.Select(i => i.Reason), second.Items.Select(i => i.Reason));
    }

    [Fact]
    public void Rank_NewStateAfterAnEvent_RanksAgainFromTheNewHistory()
    {
        var cache = new RerankCache();
        var ranker = new RecommendationRanker(new RecommenderOptions(), cache);
        var (bundle, ease) = RerankBundle(EaseScores);
        var serving = Serving(bundle);
        Home(ranker, serving, Learner());

        // The event reloads the state: a new instance, with the item just viewed in its history.
        var reloaded = Learner(null, "i5");
        var list = Home(ranker, serving, reloaded);

        Assert.Equal(2, ease.Scored);
        Assert.Equal((2L, 0L), (cache.Misses, cache.Hits));
        AssertSameList(Fresh(serving, reloaded, new RecommenderOptions()), list);
    }

    [Fact]
    public void Rank_AnotherModelBundle_RanksWithThatModelNotTheCachedRanking()
    {
        var cache = new RerankCache();
        var ranker = new RecommendationRanker(new RecommenderOptions(), cache);
        var learner = Learner();
        var (before, _) = RerankBundle(EaseScores);
        var first = Home(ranker, Serving(before), learner);

        var (promoted, ease) = RerankBundle([0, 1, 2, 3, 4, 9, 10, 8], version: 8);
        var list = Home(ranker, Serving(promoted), learner);

        Assert.Equal(1, ease.Scored);
        Assert.Equal((2L, 0L), (cache.Misses, cache.Hits));
        Assert.NotEqual(first.Items.Select(i => i.Item), list.Items.Select(i => i.Item));
        AssertSameList(Fresh(Serving(promoted), learner, new RecommenderOptions()), list);
    }

    [Fact]
    public void Rank_ItemRetiredOrOwnedSinceTheCachedRanking_IsLeftOutAndSaysWhy()
    {
        var cache = new RerankCache();
        var ranker = new RecommendationRanker(new RecommenderOptions(), cache);
        var (bundle, ease) = RerankBundle(EaseScores);
        var learner = Learner();
        var first = Home(ranker, Serving(bundle), learner);
        var (retired, owned) = (first.Items[0].Item, first.Items[1].Item);

        // The catalogue is re-read with the top item retired; the signals stand for a purchase not yet in the state.
        var serving = Serving(bundle, unavailable: retired);
        var read = LearnerSignals.For(learner, bundle, Today);
        var signals = read with { Owned = new HashSet<int>(read.Owned) { owned } };
        var list = ranker.Rank(serving, signals, 3, new RecommendationContext("home", null), new DateTimeOffset(Today).ToUnixTimeSeconds());

        Assert.Equal((1L, 1L), (cache.Misses, cache.Hits));
        Assert.Equal(1, ease.Scored);
        Assert.Equal(3, list.Items.Count);
        Assert.DoesNotContain(retired, list.Items.Select(i => i.Item));
        Assert.DoesNotContain(owned, list.Items.Select(i => i.Item));
        Assert.Contains(list.Applied, r => r.Code == AppliedRule.Unavailable);
        Assert.Contains(list.Applied, r => r.Code == AppliedRule.Owned);
    }

    [Fact]
    public void Rank_ItemPublishedSinceTheCachedRanking_RanksAgainAndOffersIt()
    {
        var cache = new RerankCache();
        var ranker = new RecommendationRanker(new RecommenderOptions(), cache);
        // Item 1 is EASE's best by far, so the re-ranker puts it first whenever it may.
        var (bundle, _) = RerankBundle([0, 10, 5, 4, 3, 2, 1, 1]);
        var learner = Learner();
        var first = Home(ranker, Serving(bundle, unavailable: 1), learner);

        var published = Serving(bundle);
        var list = Home(ranker, published, learner);

        Assert.Equal((2L, 0L), (cache.Misses, cache.Hits));
        Assert.DoesNotContain(1, first.Items.Select(i => i.Item));
        Assert.Equal(1, list.Items[0].Item);
        AssertSameList(Fresh(published, learner, new RecommenderOptions()), list);
    }

    [Fact]
    public void Rank_CatalogueReReadUnchanged_ServesTheCachedRanking()
    {
        var cache = new RerankCache();
        var ranker = new RecommendationRanker(new RecommenderOptions(), cache);
        var (bundle, ease) = RerankBundle(EaseScores);
        var learner = Learner();
        var first = Home(ranker, Serving(bundle), learner);

        var list = Home(ranker, Serving(bundle), learner);

        AssertSameList(first, list);
        Assert.Equal((1L, 1L), (cache.Misses, cache.Hits));
        Assert.Equal(1, ease.Scored);
    }

    [Fact]
    public void Rank_MembershipLapsedSinceTheCachedRanking_RanksAgainAndOffersTheColumn()
    {
        var cache = new RerankCache();
        var ranker = new RecommendationRanker(new RecommenderOptions(), cache);
        // The column (item 7) is EASE's best by far, so the re-ranker puts it first whenever it may.
        var (bundle, _) = RerankBundle([0, 5, 4, 3, 2, 1, 1, 10]);
        var serving = Serving(bundle);
        var learner = Learner(memberUntil: Today.AddMinutes(1));
        var member = Home(ranker, serving, learner);

        var lapsed = Home(ranker, serving, learner, at: Today.AddMinutes(2));

        Assert.Equal((2L, 0L), (cache.Misses, cache.Hits));
        Assert.DoesNotContain(7, member.Items.Select(i => i.Item));
        Assert.Equal(7, lapsed.Items[0].Item);
        AssertSameList(Fresh(serving, learner, new RecommenderOptions(), at: Today.AddMinutes(2)), lapsed);
    }

    [Fact]
    public void Rank_SameStateModelAndCatalogueReRead_ServesTheListServedBefore()
    {
        var ranker = new RecommendationRanker(new RecommenderOptions(), new RerankCache());
        var (bundle, _) = RerankBundle(EaseScores);
        var learner = Learner();
        var first = Home(ranker, Serving(bundle), learner);

        var again = Home(ranker, Serving(bundle), learner);

        Assert.Same(first, again);
    }

    [Fact]
    public void Rank_AnotherListLength_PicksAgain()
    {
        var ranker = new RecommendationRanker(new RecommenderOptions(), new RerankCache());
        var (bundle, _) = RerankBundle(EaseScores);
        var serving = Serving(bundle);
        var learner = Learner();
        Home(ranker, serving, learner, k: 3);

        var shorter = Home(ranker, serving, learner, k: 2);

        Assert.Equal(2, shorter.Items.Count);
        AssertSameList(Fresh(serving, learner, new RecommenderOptions(), k: 2), shorter);
    }

    [Fact]
    public void Rank_TopicsRenamedInACatalogueReRead_CapsByTheNewTopics()
    {
        var options = new RecommenderOptions { MaxPerTopic = 2 };
        var ranker = new RecommendationRanker(options, new RerankCache());
        var (bundle, _) = RerankBundle(EaseScores);
        var learner = Learner();
        var before = Home(ranker, Serving(bundle), learner, k: 4);
        // Every item in one topic now: the same offers, but the cap holds back what the other topic let through.
        var renamed = Serving(bundle, _ => "cloud");

        var list = Home(ranker, renamed, learner, k: 4);

        AssertSameList(Fresh(renamed, learner, options, k: 4), list);
        Assert.NotEqual(before.Items.Select(i => i.Item), list.Items.Select(i => i.Item));
    }

    [Fact]
    public void Rank_CachedRanking_StillKeepsAtMostTheCapPerTopic()
    {
        var options = new RecommenderOptions { MaxPerTopic = 2 };
        var cache = new RerankCache();
        var ranker = new RecommendationRanker(options, cache);
        var (bundle, _) = RerankBundle(EaseScores);
        var serving = Serving(bundle);
        var learner = Learner();
        Home(ranker, serving, learner, k: 4);

        var list = Home(ranker, serving, learner, k: 4);

        Assert.Equal((1L, 1L), (cache.Misses, cache.Hits));
        Assert.Equal(4, list.Items.Count);
        Assert.All(list.Items.GroupBy(i => serving.Items[i.Item]!.Topic), topic => Assert.Equal(2, topic.Count()));
        Assert.Contains(list.Applied, r => r.Code == AppliedRule.TopicCap);
        AssertSameList(Fresh(serving, learner, options, k: 4), list);
    }

    [Fact]
    public void Rank_SignalsNotReadFromAState_RanksEveryTimeAndCachesNothing()
    {
        var cache = new RerankCache();
        var ranker = new RecommendationRanker(new RecommenderOptions(), cache);
        var (bundle, ease) = RerankBundle(EaseScores);
        var serving = Serving(bundle);
        var signals = LearnerSignals.For(Learner(), bundle, Today) with { State = null };

        ranker.Rank(serving, signals, 3, new RecommendationContext("home", null));
        ranker.Rank(serving, signals, 3, new RecommendationContext("home", null));

        Assert.Equal((0L, 0L), (cache.Misses, cache.Hits));
        Assert.Equal(2, ease.Scored);
    }

    [Fact]
    public void Rank_CachedAndComputedLists_AreCountedOnTheMeterByCacheOutcome()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var counted = new List<string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == OpsMetrics.RerankedLists && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "cache")
                {
                    counted.AddRange(Enumerable.Repeat(tag.Value as string, (int)value));
                }
            }
        });
        listener.Start();
        var ranker = new RecommendationRanker(new RecommenderOptions(), new RerankCache(new OpsMetrics(meters)));
        var (bundle, _) = RerankBundle(EaseScores);
        var serving = Serving(bundle);
        var learner = Learner();

        Home(ranker, serving, learner);
        Home(ranker, serving, learner);
        Home(ranker, serving, learner);

        Assert.Equal(["miss", "hit", "hit"], counted);
    }
}
