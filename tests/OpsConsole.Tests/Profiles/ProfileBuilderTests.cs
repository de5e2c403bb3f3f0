using OpsConsole.Commerce;
using OpsConsole.Ingestion;
using OpsConsole.Profiles;
using OpsConsole.Tests.Analytics;

namespace OpsConsole.Tests.Profiles;

public sealed class ProfileBuilderTests
{
    // Noon on 10 May 2026 in Shanghai.
    private static readonly DateTime AsOf = new(2026, 5, 10, 4, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<string, ItemFacts> Catalog = new()
    {
        ["c-docker"] = new ItemFacts("cloud", ["docker", "containers"]),
        ["c-k8s"] = new ItemFacts("cloud", ["kubernetes", "containers"]),
        ["c-rust"] = new ItemFacts("rust", ["rust"]),
    };

    private static ProfileBuilder Builder(ProfileOptions? options = null) =>
        new(options ?? new ProfileOptions(), AnalyticsClock.Platform(now: new DateTimeOffset(AsOf)));

    private static ProfileEvent E(EventType type, DateTime at, string? item = null, decimal? amount = null, string? currency = null, string? props = null) =>
        new(type, at, item, amount, currency, props);

    private static DateTime DaysAgo(double days) => AsOf.AddDays(-days);

    [Fact]
    public void Build_InterestsDecayWithHalfLife_OlderSignalWeighsHalf()
    {
        // One view of Rust today and two views of Docker one half-life ago: equal weight.
        var events = new[]
        {
            E(EventType.View, DaysAgo(30), "c-docker"),
            E(EventType.View, DaysAgo(30), "c-docker"),
            E(EventType.View, AsOf, "c-rust"),
        };

        var draft = Builder().Build("u-1", null, events, Catalog, AsOf);

        var weights = draft.Interests.ToDictionary(i => i.Tag, i => i.Weight);
        Assert.Equal(1.0 / 3, weights["rust"], 3);
        Assert.Equal(1.0 / 3, weights["docker"], 3);
        Assert.Equal(1.0 / 3, weights["containers"], 3);
        Assert.Equal(0.5, draft.TopicShares["rust"], 3);
        Assert.Equal(0.5, draft.TopicShares["cloud"], 3);
    }

    [Fact]
    public void Build_PurchaseOutweighsViews_PurchasedTagLeads()
    {
        var events = new[]
        {
            E(EventType.View, DaysAgo(1), "c-rust"),
            E(EventType.View, DaysAgo(1), "c-rust"),
            E(EventType.Purchase, DaysAgo(1), "c-k8s", 199m, "CNY"),
        };

        var draft = Builder().Build("u-1", null, events, Catalog, AsOf);

        // Both tags of the purchased course tie; ties are broken by name.
        Assert.Equal("containers,kubernetes,rust", draft.Profile.TopInterests);
        Assert.Equal(3, draft.Interests.Count);
    }

    [Fact]
    public void Build_OrdersRefundsAndMemberships_SumsSpendInPlatformCurrency()
    {
        var options = new ProfileOptions { ExchangeRates = new() { ["USD"] = 7m } };
        var events = new[]
        {
            E(EventType.Purchase, DaysAgo(40), "c-rust", 100m, "CNY"),
            E(EventType.Purchase, DaysAgo(20), "c-k8s", 10m, "USD"),
            E(EventType.Purchase, DaysAgo(10), "c-docker", 5m, "EUR"),
            E(EventType.Refund, DaysAgo(9), "c-docker", 30m, "CNY"),
            E(EventType.MembershipStart, DaysAgo(5), null, 39m, "CNY", """{"plan":"monthly"}"""),
        };

        var p = Builder(options).Build("u-1", null, events, Catalog, AsOf).Profile;

        // The EUR order counts as an order but adds nothing: there is no rate for it.
        Assert.Equal((3, 170m, 39m, 1, 30m, 179m), (p.Orders, p.OrderSpend, p.MembershipSpend, p.Refunds, p.RefundAmount, p.NetSpend));
        Assert.Equal(56.67m, p.AverageOrderValue);
        Assert.Equal(DaysAgo(10), p.LastPurchaseAt);
        Assert.Equal((4, DaysAgo(5)), (p.Payments, p.LastPaymentAt));
        Assert.Equal((MembershipState.Active, MembershipPlan.Monthly, DaysAgo(5).AddMonths(1)), (p.Membership, p.MembershipPlan, p.MembershipRenewsAt));
    }

    [Theory]
    [InlineData(false, false, MembershipState.Active)]
    [InlineData(true, false, MembershipState.Cancelling)]
    [InlineData(false, true, MembershipState.Expired)]
    public void Build_MembershipEvents_StateAtAsOf(bool cancelled, bool lapsed, MembershipState expected)
    {
        var start = lapsed ? DaysAgo(400) : DaysAgo(100);
        var events = new List<ProfileEvent> { E(EventType.MembershipStart, start, null, 299m, "CNY", """{"plan":"annual"}""") };
        if (cancelled)
        {
            events.Add(E(EventType.MembershipCancel, DaysAgo(3), props: """{"plan":"annual","reason":"too_expensive"}"""));
        }

        var p = Builder().Build("u-1", null, events, Catalog, AsOf).Profile;

        Assert.Equal(expected, p.Membership);
        Assert.Equal(MembershipPlan.Annual, p.MembershipPlan);
        Assert.Equal(expected == MembershipState.Expired ? null : start.AddYears(1), p.MembershipRenewsAt);
    }

    [Fact]
    public void Build_RenewalBeforeExpiry_ExtendsFromTheCurrentExpiry()
    {
        var start = DaysAgo(50);
        var events = new[]
        {
            E(EventType.MembershipStart, start, null, 39m, "CNY", """{"plan":"monthly"}"""),
            E(EventType.MembershipRenew, start.AddMonths(1).AddDays(-1), null, 39m, "CNY", """{"plan":"monthly"}"""),
        };

        var p = Builder().Build("u-1", null, events, Catalog, AsOf).Profile;

        Assert.Equal(start.AddMonths(2), p.MembershipRenewsAt);
        Assert.Equal(78m, p.MembershipSpend);
    }

    [Fact]
    public void Build_ActiveDaysAndStreak_CountPlatformDaysAndIgnoreSystemEvents()
    {
        // Shanghai is UTC+8: 17:00 UTC on 9 May is already 10 May there.
        var events = new[]
        {
            E(EventType.Login, new DateTime(2026, 5, 7, 1, 0, 0, DateTimeKind.Utc)),
            E(EventType.View, new DateTime(2026, 5, 8, 1, 0, 0, DateTimeKind.Utc), "c-rust"),
            E(EventType.View, new DateTime(2026, 5, 9, 17, 0, 0, DateTimeKind.Utc), "c-rust"),
            E(EventType.RecommendationImpression, new DateTime(2026, 5, 1, 1, 0, 0, DateTimeKind.Utc), "c-rust"),
            E(EventType.RenewalReminder, new DateTime(2026, 5, 9, 1, 0, 0, DateTimeKind.Utc)),
            E(EventType.View, DaysAgo(60), "c-rust"),
        }.OrderBy(e => e.OccurredAt).ToList();

        var p = Builder().Build("u-1", null, events, Catalog, AsOf).Profile;

        // Active on 7, 8 and 10 May (Shanghai): 9 May broke the streak.
        Assert.Equal((3, 3, 4, 1), (p.ActiveDays7, p.ActiveDays30, p.ActiveDays90, p.CurrentStreak));
        Assert.Equal(new DateTime(2026, 5, 9, 17, 0, 0, DateTimeKind.Utc), p.LastActiveAt);
        Assert.Equal(DaysAgo(60), p.FirstSeenAt);
    }

    [Fact]
    public void Build_StreakEndingYesterday_StillCounts()
    {
        var events = new[]
        {
            E(EventType.Login, AsOf.AddDays(-2)),
            E(EventType.Login, AsOf.AddDays(-1)),
        };

        Assert.Equal(2, Builder().Build("u-1", null, events, Catalog, AsOf).Profile.CurrentStreak);
    }

    [Fact]
    public void Build_LessonProgress_CompletionIsMeanFurthestCourseProgress()
    {
        var events = new[]
        {
            E(EventType.LessonProgress, DaysAgo(3), "c-rust", props: """{"lesson":1,"progress":50,"seconds":300}"""),
            E(EventType.LessonProgress, DaysAgo(2), "c-rust", props: """{"lesson":2,"progress":100,"seconds":300}"""),
            E(EventType.LessonProgress, DaysAgo(2), "c-k8s", props: """{"lesson":1,"progress":20}"""),
            E(EventType.LessonProgress, DaysAgo(1), "c-k8s", props: "not json"),
        };

        var p = Builder().Build("u-1", null, events, Catalog, AsOf).Profile;

        // Rust finished (100%), Kubernetes a fifth of the way (20%): 60% of the lessons of started courses.
        Assert.Equal((2, 1, 0.6), (p.CoursesStarted, p.CoursesCompleted, p.LessonCompletionRate));
    }

    [Fact]
    public void Build_PreferredHourAndDevice_MostFrequentWithFallback()
    {
        // 12:00 UTC is 20:00 in Shanghai.
        var evening = new DateTime(2026, 5, 9, 12, 0, 0, DateTimeKind.Utc);
        var events = new[]
        {
            E(EventType.Login, evening.AddDays(-2), props: """{"device":"ios"}"""),
            E(EventType.View, evening.AddDays(-1), "c-rust"),
            E(EventType.View, evening, "c-rust"),
            E(EventType.View, evening.AddHours(-10), "c-rust"),
        };

        var p = Builder().Build("u-1", "android", events, Catalog, AsOf).Profile;
        var silent = Builder().Build("u-2", "android", [E(EventType.View, evening, "c-rust")], Catalog, AsOf).Profile;

        Assert.Equal((20, "ios"), (p.PreferredHour, p.PreferredDevice));
        Assert.Equal("android", silent.PreferredDevice);
    }

    [Fact]
    public void Build_NoEvents_NewLearnerWithEmptyFigures()
    {
        var p = Builder().Build("u-1", null, [], Catalog, AsOf).Profile;

        Assert.Equal((LifecycleStage.New, 0, (DateTime?)null, MembershipState.None, ""), (p.Lifecycle, p.Events, p.LastActiveAt, p.Membership, p.TopInterests));
    }

    [Fact]
    public void Build_EventsAfterAsOf_AreIgnored()
    {
        var p = Builder().Build("u-1", null, [E(EventType.Purchase, AsOf.AddMinutes(1), "c-rust", 10m, "CNY")], Catalog, AsOf).Profile;

        Assert.Equal((0, 0m), (p.Orders, p.NetSpend));
    }
}
