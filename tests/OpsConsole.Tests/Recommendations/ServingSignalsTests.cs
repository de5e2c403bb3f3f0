using System.Text.Json;
using OpsConsole.Catalog;
using OpsConsole.Recommendations;
using OpsConsole.Web.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class ServingSignalsTests
{
    private static readonly DateTime Today = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    private static ModelBundle Bundle(params string[] ids) =>
        new(1, PopularityGenerator.GeneratorName, ids,
            new Dictionary<string, ICandidateModel> { [PopularityGenerator.GeneratorName] = new PopularityGenerator().Train(Fixtures.FromBaskets(ids.Length)) },
            new Dictionary<string, float[]>());

    private static LearnerState State(DateTime? memberUntil, params string[] touched) =>
        new("u", true, null, [], [.. touched.Select((id, i) => new ItemTouch(id, 1f + i, Today.AddDays(i - 10)))], new HashSet<string> { "b" }, memberUntil);

    [Fact]
    public void For_SameStateAndModelAgain_ReusesTheTranslatedHistory()
    {
        var bundle = Bundle("a", "b", "c");
        var state = State(null, "c", "gone", "a");

        var first = LearnerSignals.For(state, bundle, Today);
        var second = LearnerSignals.For(state, bundle, Today);

        Assert.Same(first.History, second.History);
        Assert.Equal([2, 0], first.History.Items);
        Assert.Equal([1f, 3f], first.History.Weights);
        Assert.Equal([1], first.Owned);
    }

    [Fact]
    public void For_AnotherModel_TranslatesIntoThatModelsIndexes()
    {
        var state = State(null, "c", "a");

        var first = LearnerSignals.For(state, Bundle("a", "b", "c"), Today);
        var other = LearnerSignals.For(state, Bundle("c", "a"), Today);

        Assert.Equal([2, 0], first.History.Items);
        Assert.Equal([0, 1], other.History.Items);
        Assert.Empty(other.Owned);
    }

    [Fact]
    public void For_MembershipEndsBetweenTwoLists_DecidedAtEachList()
    {
        var bundle = Bundle("a", "b");
        var state = State(Today.AddHours(1), "a");

        var during = LearnerSignals.For(state, bundle, Today);
        var after = LearnerSignals.For(state, bundle, Today.AddHours(2));
        var again = LearnerSignals.For(state, bundle, Today);

        Assert.True(during.Member);
        Assert.False(after.Member);
        Assert.True(again.Member);
        Assert.Same(during.History, after.History);
    }

    [Fact]
    public void TopicIndexes_ItemsOfOneTopic_ShareANumberAndGoneItemsHaveNone()
    {
        ServingItem Item(string id, string topic) => new(id, id, topic, ContentKind.Course, 1m, true);
        var state = new ServingState(Bundle("a", "b", "c", "d"), [Item("a", "rust"), null, Item("c", "cloud"), Item("d", "rust")]);

        Assert.Equal([0, -1, 1, 0], state.TopicIndexes);
        Assert.Equal(2, state.TopicCount);
    }

    [Fact]
    public void RecommendationJson_ServedList_WritesWhatTheReflectionSerializerWrites()
    {
        var list = new RecommendationList("0192f3", 7, "u-1", "home", false,
            [
                new RecommendedItem(1, "i1", "Docker & \"Kubernetes\" <basics>", "cloud", 0.875f, "Because you studied Rust", "similar_to_history", "i0", "rerank:ease"),
                new RecommendedItem(2, "i2", "Go 进阶", "go", -1.5e-7f, "Popular lately", "popular", null, "popularity"),
            ],
            ["At most 3 item(s) per topic, so the list stays varied."]);

        var generated = JsonSerializer.Serialize(list, RecommendationJson.Default.RecommendationList);
        var reflected = JsonSerializer.Serialize(list, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal(reflected, generated);
        Assert.Contains("\"recommendationId\":\"0192f3\"", generated, StringComparison.Ordinal);
        Assert.Contains("\"anchorItemId\":null", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_ManyIds_AreDistinctVersion7UuidsStampedWithTheServingMillisecond()
    {
        var servedAt = new DateTimeOffset(2026, 11, 29, 10, 30, 15, 123, TimeSpan.Zero);

        var ids = Enumerable.Range(0, 10_000).Select(_ => RecommendationIds.Next(servedAt)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.Matches("^[0-9a-f]{32}$", id);
            var uuid = Guid.ParseExact(id, "N");
            Assert.Equal(7, uuid.Version);
            Assert.Equal(servedAt.ToUnixTimeMilliseconds(), Convert.ToInt64(id[..12], 16));
            Assert.Contains(id[16], "89ab");
        });
    }

    [Fact]
    public void Next_LaterMillisecond_SortsAfter()
    {
        var first = new DateTimeOffset(2026, 11, 29, 10, 30, 15, 123, TimeSpan.Zero);

        var earlier = RecommendationIds.Next(first);
        var later = RecommendationIds.Next(first.AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }
}
