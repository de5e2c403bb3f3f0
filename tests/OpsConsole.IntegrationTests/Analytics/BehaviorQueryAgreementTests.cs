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

    [Theory, DatabaseProviders]
    public async Task RunAsync_GeneratedEvents_AgreesWithTheInMemoryDefinitions(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new AnalyticsWorld(db, Now);
        var events = Generate(seed: 20260105);
        await world.Store.AppendAsync(events, Ct);
        Assert.InRange(events.Count, 3000, 6000);

        foreach (var zone in Zones)
        {
            var time = new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById(zone), world.Clock);
            var retention = new RetentionQuery(db.Contexts, db.Options, time);
            foreach (var request in RetentionRequests)
            {
                var expected = NaiveBehaviorQueries.Retention(events, request, time);
                var actual = await retention.RunAsync(request, Ct);

                Assert.True(expected.Cohorts.Sum(c => c.Size) > 0, $"{zone} {request}: the generated data should fill some cohorts");
                Assert.Equal(Describe(expected), Describe(actual));
            }
            var funnel = new FunnelQuery(db.Contexts, db.Options, time);
            foreach (var request in FunnelRequests)
            {
                var expected = NaiveBehaviorQueries.Funnel(events, request, time);
                var actual = await funnel.RunAsync(request, Ct);

                Assert.True(expected.Steps[1].Learners > 0, $"{zone} {string.Join(",", request.Steps)}: the generated data should convert someone");
                Assert.Equal(Describe(expected), Describe(actual));
            }
        }
    }

    private static List<string> Describe(RetentionReport report) =>
        report.Cohorts.Select(c => $"{c.Start:yyyy-MM-dd} {c.Size} [{string.Join(",", c.Retained)}] {c.Complete}").ToList();

    private static List<string> Describe(FunnelReport report) =>
        report.Steps.Select(s => $"{s.Type} {s.Learners} {s.MedianSecondsFromPrevious:F3}").ToList();
}
