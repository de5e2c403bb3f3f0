using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Analytics;

/// <summary>The SQL queries against the in-memory definitions on a few thousand generated events, in two time zones.</summary>
public sealed class BehaviorQueryAgreementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Now = new(2026, 5, 20, 9, 30, 0, TimeSpan.Zero);
    private static readonly string[] Zones = ["Asia/Shanghai", "Europe/Berlin"];

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    public static readonly RetentionRequest[] RetentionRequests =
    [
        new(EventType.Signup, null, CalendarPeriod.Week, 8, D(2025, 12, 1), D(2026, 4, 1)),
        new(EventType.Signup, null, CalendarPeriod.Week, 8, D(2025, 12, 1), D(2026, 4, 1), Unbounded: true),
        new(EventType.Signup, EventType.View, CalendarPeriod.Day, 14, D(2026, 1, 1), D(2026, 2, 15)),
        new(EventType.Signup, EventType.Signup, CalendarPeriod.Day, 10, D(2026, 3, 20), D(2026, 4, 5), Unbounded: true),
        new(EventType.Purchase, null, CalendarPeriod.Month, 4, D(2025, 12, 1), D(2026, 6, 1)),
        new(EventType.LessonProgress, EventType.Purchase, CalendarPeriod.Month, 6, D(2025, 11, 15), D(2026, 5, 1), Unbounded: true),
    ];

    public static readonly FunnelRequest[] FunnelRequests =
    [
        new([EventType.View, EventType.LessonProgress, EventType.Purchase], 72, D(2026, 1, 1), D(2026, 3, 1)),
        new([EventType.View, EventType.Purchase], 6, D(2025, 12, 1), D(2026, 5, 1)),
        new([EventType.Login, EventType.View, EventType.LessonProgress, EventType.Purchase], 336, D(2025, 12, 1), D(2026, 4, 1)),
        new([EventType.Signup, EventType.View], 1, D(2026, 2, 1), D(2026, 2, 8)),
    ];

    /// <summary>
    /// 400 learners, most with a sign-up, each with up to 24 further events over five months; one event in eight
    /// reuses the previous event's instant so that equal timestamps occur often.
    /// </summary>
    private static List<BehaviorEvent> Generate(int seed)
    {
        var random = new Random(seed);
        EventType[] types = [EventType.View, EventType.View, EventType.View, EventType.LessonProgress, EventType.LessonProgress,
            EventType.Purchase, EventType.Login, EventType.Signup];
        var start = new DateTime(2025, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        const int spanSeconds = 170 * 24 * 3600;
        var events = new List<BehaviorEvent>();
        for (var l = 0; l < 400; l++)
        {
            var learner = $"L{l:D3}";
            var signup = start.AddSeconds(random.Next(spanSeconds - 40 * 24 * 3600));
            if (random.Next(10) < 8)
            {
                events.Add(Event(events.Count, learner, EventType.Signup, signup));
            }
            var at = signup.AddSeconds(-random.Next(3 * 24 * 3600));
            for (var i = random.Next(25); i > 0; i--)
            {
                if (random.Next(8) != 0)
                {
                    // Mostly minutes to hours apart, now and then weeks.
                    at = at.AddSeconds(random.Next(4) == 0 ? random.Next(21 * 24 * 3600) : random.Next(6 * 3600));
                }
                if (at >= Now.UtcDateTime)
                {
                    break;
                }
                events.Add(Event(events.Count, learner, types[random.Next(types.Length)], at));
            }
        }
        return events;
    }

    private static BehaviorEvent Event(int n, string learner, EventType type, DateTime at) => new()
    {
        EventId = $"g-{n}",
        LearnerId = learner,
        Type = type,
        OccurredAt = at,
        Amount = type == EventType.Purchase ? 10m : null,
        Currency = type == EventType.Purchase ? "CNY" : null,
    };

    /// <summary>Generated events stored, learners given channels, and a segment of two thirds of them.</summary>
    private static async Task<(AnalyticsWorld World, List<BehaviorEvent> Events, HashSet<string> Members, int Segment)> SeedAsync(TestDatabase db, int seed)
    {
        var world = new AnalyticsWorld(db, Now);
        var events = Generate(seed);
        await world.Store.AppendAsync(events, Ct);
        await world.DescribeAsync(l => l.Channel = Channel(l.Id));
        var members = events.Select(e => e.LearnerId).Distinct().Where(id => int.Parse(id[1..]) % 3 != 0).ToHashSet();
        return (world, events, members, await world.SegmentAsync([.. members]));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_GeneratedEvents_AgreesWithTheInMemoryDefinitions(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (world, events, members, segment) = await SeedAsync(db, seed: 20260105);
        Assert.InRange(events.Count, 3000, 6000);

        foreach (var zone in Zones)
        {
            var time = new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById(zone), world.Clock);
            await world.RebuildHistoryAsync(time);
            var retention = new RetentionQuery(db.Contexts, db.Options, time);
            foreach (var request in RetentionRequests)
            {
                var expected = NaiveBehaviorQueries.Retention(events, request, time);
                var actual = await retention.RunAsync(request, Ct);

                Assert.True(expected.Cohorts.Sum(c => c.Size) > 0, $"{zone} {request}: the generated data should fill some cohorts");
                Assert.Equal(Describe(expected), Describe(actual));
                foreach (var variant in Variants(request, segment, (r, s, b) => r with { SegmentId = s, Breakdown = b }))
                {
                    var expectedVariant = NaiveBehaviorQueries.Retention(events, variant, time, members, Channel);
                    Assert.Equal(Describe(expectedVariant), Describe(await retention.RunAsync(variant, Ct)));
                }
            }
            var funnel = new FunnelQuery(db.Contexts, db.Options, time);
            foreach (var request in FunnelRequests)
            {
                var expected = NaiveBehaviorQueries.Funnel(events, request, time);
                var actual = await funnel.RunAsync(request, Ct);

                Assert.True(expected.Steps[1].Learners > 0, $"{zone} {string.Join(",", request.Steps)}: the generated data should convert someone");
                Assert.Equal(Describe(expected), Describe(actual));
                foreach (var variant in Variants(request, segment, (r, s, b) => r with { SegmentId = s, Breakdown = b }))
                {
                    var expectedVariant = NaiveBehaviorQueries.Funnel(events, variant, time, members, Channel);
                    Assert.Equal(Describe(expectedVariant), Describe(await funnel.RunAsync(variant, Ct)));
                }
                for (var step = 1; step < request.Steps.Count; step++)
                {
                    var dropped = NaiveBehaviorQueries.Dropouts(events, request with { SegmentId = segment }, time, step, members);
                    var page = await funnel.DropoutsAsync(request with { SegmentId = segment }, step, offset: 3, limit: 20, Ct);
                    Assert.Equal(dropped.Count, page.Total);
                    Assert.Equal(dropped.Skip(3).Take(20), page.LearnerIds);
                }
            }
        }
    }

    /// <summary>
    /// Every way the funnel statement can find the chains (forward from every entry, pruned, or back from a rare step)
    /// gives the definition's answer, whichever one the data would pick; also for a rare middle step, a rare first step
    /// and a type repeated in the steps.
    /// </summary>
    [Theory, DatabaseProviders]
    public async Task RunAsync_EveryFunnelPlan_AgreesWithTheInMemoryDefinition(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (world, events, members, segment) = await SeedAsync(db, seed: 20260317);
        var time = new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById(Zones[0]), world.Clock);
        FunnelRequest[] requests =
        [
            .. FunnelRequests,
            new([EventType.Login, EventType.Purchase, EventType.View, EventType.LessonProgress], 168, D(2025, 12, 15), D(2026, 4, 15)),
            new([EventType.Purchase, EventType.View], 24, D(2026, 1, 1), D(2026, 4, 1)),
            new([EventType.View, EventType.View, EventType.Purchase], 48, D(2026, 1, 1), D(2026, 3, 1)),
        ];
        foreach (var request in requests)
        {
            var expected = NaiveBehaviorQueries.Funnel(events, request, time);
            var variant = request with { SegmentId = segment, Breakdown = LearnerBreakdown.Channel };
            var expectedVariant = NaiveBehaviorQueries.Funnel(events, variant, time, members, Channel);
            Assert.True(expected.Steps[^1].Learners > 0, $"{string.Join(",", request.Steps)}: the generated data should convert someone to the end");
            foreach (var (plan, slices) in Plans(request.Steps.Count))
            {
                var options = new DatabaseOptions { Provider = db.Options.Provider, ConnectionString = db.Options.ConnectionString, AnalyticsParallelism = slices };
                var funnel = new FunnelQuery(db.Contexts, options, time) { Plan = plan };
                var actual = await funnel.RunAsync(request, Ct);
                var actualVariant = await funnel.RunAsync(variant, Ct);
                Assert.Equal([$"{plan} {slices}", .. Describe(expected)], [$"{plan} {slices}", .. Describe(actual)]);
                Assert.Equal([$"{plan} {slices}", .. Describe(expectedVariant)], [$"{plan} {slices}", .. Describe(actualVariant)]);
                for (var step = 1; step < request.Steps.Count; step++)
                {
                    var dropped = NaiveBehaviorQueries.Dropouts(events, request with { SegmentId = segment }, time, step, members);
                    var page = await funnel.DropoutsAsync(request with { SegmentId = segment }, step, offset: 2, limit: 50, Ct);
                    List<string> expectedPage = [$"{plan} {slices} {step}", .. dropped.Skip(2).Take(50)];
                    Assert.Equal(expectedPage, [$"{plan} {slices} {step}", .. page.LearnerIds]);
                    Assert.Equal(dropped.Count, page.Total);
                }
            }
        }
    }

    /// <summary>Every plan, on one connection and split into three learner slices run at once.</summary>
    private static IEnumerable<(FunnelPlan Plan, int Slices)> Plans(int steps) =>
        from prune in new[] { false, true }
        from rare in Enumerable.Range(1, steps).Select(r => r == 1 ? 0 : r)
        from slices in new[] { 1, 3 }
        select (new FunnelPlan(prune, rare), slices);

    /// <summary>
    /// Channels of uneven popularity: 23 values (so the tail beyond the top 10 merges), some learners without one and
    /// some with a blank one.
    /// </summary>
    internal static string? Channel(string learner)
    {
        var l = int.Parse(learner[1..]);
        return l % 13 == 0 ? null : l % 29 == 0 ? "" : $"ch{l * l % 23:D2}";
    }

    private static IEnumerable<T> Variants<T>(T request, int segment, Func<T, int?, LearnerBreakdown?, T> with)
    {
        yield return with(request, segment, null);
        yield return with(request, null, LearnerBreakdown.Channel);
        yield return with(request, segment, LearnerBreakdown.Channel);
    }

    private static List<string> Describe(RetentionReport report) =>
    [
        .. Describe(report.Cohorts),
        .. (report.Groups ?? []).SelectMany(g => Describe(g.Cohorts).Select(line => $"{g.Value}: {line}")),
        $"breakdown {report.Breakdown}",
    ];

    private static IEnumerable<string> Describe(IEnumerable<RetentionCohort> cohorts) =>
        cohorts.Select(c => $"{c.Start:yyyy-MM-dd} {c.Size} [{string.Join(",", c.Retained)}] {c.Complete}");

    private static List<string> Describe(FunnelReport report) =>
    [
        .. Describe(report.Steps),
        .. (report.Groups ?? []).SelectMany(g => Describe(g.Steps).Select(line => $"{g.Value}: {line}")),
        $"breakdown {report.Breakdown}",
    ];

    private static IEnumerable<string> Describe(IEnumerable<FunnelStep> steps) =>
        steps.Select(s => $"{s.Type} {s.Learners} {s.MedianSecondsFromPrevious:F3}");
}
