using System.Text.Json;
using System.Text.Json.Serialization;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;
using OpsConsole.Support.Reports;
using static OpsConsole.IntegrationTests.Support.Reports.SupportWorld;

namespace OpsConsole.IntegrationTests.Support.Reports;

/// <summary>
/// Every figure of the support reports against a hand-computed desk. Shanghai, 09:00–18:00 Monday to Friday, Friday
/// May 1 a holiday; targets (business minutes) Urgent 30/240, High 60/540, Normal 240/1620, Low 540/2700. The range is
/// Monday May 4 to Sunday May 17, 2026 (weeks W1 = May 4–10, W2 = May 11–17); now is Monday May 18, 10:00.
/// </summary>
public sealed class SupportReportQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Now = new(Sh(5, 18, 10));
    private static readonly DayRange Range = new(new DateOnly(2026, 5, 4), new DateOnly(2026, 5, 17));

    // Learner values: weight = 1 + ln(1 + net spend).
    private static readonly double BigSpender = 1 + Math.Log(1000);
    private static readonly double SmallSpender = 1 + Math.Log(100);

    /// <summary>
    /// The desk (business minutes in brackets where they differ from the wall clock):
    /// T1  Normal  Mon 05-04 09:00, replied 10:00 (60), resolved 15:00 (360), agent a, refund_request, CSAT 5 from L1 (¥999) on 05-04.
    /// T2  Normal  Fri 05-08 17:00, replied Mon 05-11 10:00 (3900 [120]), resolved 12:00 (4020 [240]), a, billing, CSAT 2 from L2 (no profile) on 05-11.
    /// T3  High    Tue 05-05 08:00, replied 09:30 (90 [30]), resolved Wed 10:00 (1560 [600]), b, refund_request, app, zh.
    ///             Resolution due Tue 18:00 exactly (nine business hours to closing time): missed on 05-05.
    /// T4  Urgent  Wed 05-13 14:00, replied 15:00 (60: missed at 14:30), resolved 16:00 (120, met: due 18:00), b, login, app, zh.
    /// T5  Low     Sat 05-16 10:00, never answered, New: first response due Mon 18:00, still running.
    /// T6  Normal  Thu 04-30 10:00, replied 11:00 (before the range), Pending with a: resolution due Wed 05-06 10:00 (the holiday
    ///             skipped; Tue 10:00 without it): missed in W1.
    /// T7  Normal  Tue 05-12 09:00, automated reply, resolved 09:05 with no agent reply: both targets met by the resolution.
    /// T8  Normal  Wed 05-13 09:00, automated reply then an agent's at 11:00 (120), resolved 12:00 (180), b, password_reset, app, zh;
    ///             its stored first-response due time (10:30) wins over the policy's (13:00): missed. CSAT 4 from L3 (¥99) on 05-14.
    /// T9  Urgent  Mon 05-18 09:00 (after the range), New.
    /// T10 Normal  Mon 04-27, resolved, closed 05-01, a, CSAT 3 from L1 on 04-28: only the previous range's satisfaction.
    /// T11 Normal  Mon 05-18 02:00 (after the range), Assigned to b.
    /// T12 Low     Wed 05-13 10:00, Assigned to a, never answered: first response due Thu 05-14 10:00, missed.
    /// </summary>
    private static async Task<SupportWorld> SeedAsync(TestDatabase db)
    {
        var world = new SupportWorld(db, Now, "2026-05-01");
        await world.AddLearnerAsync("L1", 999m);
        await world.AddLearnerAsync("L3", 99m);
        await world.AddAgentsAsync(
            new SupportAgent { Id = "a@desk", Name = "Chen Li", Capacity = 8, Status = AgentStatus.Online },
            new SupportAgent { Id = "b@desk", Name = "Wang Fang", Capacity = 4, Status = AgentStatus.Away },
            new SupportAgent { Id = "c@desk", Name = "Zhao Min", Capacity = 6 },
            new SupportAgent { Id = "d@desk", Name = "Retired Agent", Capacity = 6, Active = false });

        var t1 = Ticket("L1", TicketPriority.Normal, Sh(5, 4, 9), Sh(5, 4, 10), Sh(5, 4, 15), assignee: "a@desk", intent: "refund_request");
        t1.CsatRating = 5;
        t1.CsatRatedAt = Sh(5, 4, 16);
        var t2 = Ticket("L2", TicketPriority.Normal, Sh(5, 8, 17), Sh(5, 11, 10), Sh(5, 11, 12), assignee: "a@desk", intent: "billing");
        t2.CsatRating = 2;
        t2.CsatRatedAt = Sh(5, 11, 13);
        var t3 = Ticket("L3", TicketPriority.High, Sh(5, 5, 8), Sh(5, 5, 9, 30), Sh(5, 6, 10), assignee: "b@desk", intent: "refund_request", channel: "app", language: "zh");
        var t4 = Ticket("L4", TicketPriority.Urgent, Sh(5, 13, 14), Sh(5, 13, 15), Sh(5, 13, 16), assignee: "b@desk", intent: "login", channel: "app", language: "zh");
        var t5 = Ticket("L5", TicketPriority.Low, Sh(5, 16, 10));
        var t6 = Ticket("L6", TicketPriority.Normal, Sh(4, 30, 10), Sh(4, 30, 11), status: TicketStatus.Pending, assignee: "a@desk", intent: "billing");
        var t7 = Ticket("L7", TicketPriority.Normal, Sh(5, 12, 9), resolved: Sh(5, 12, 9, 5), intent: "password_reset");
        t7.AutoReplyArticleId = 7;
        t7.AutoRepliedAt = Sh(5, 12, 9, 1);
        var t8 = Ticket("L3", TicketPriority.Normal, Sh(5, 13, 9), Sh(5, 13, 11), Sh(5, 13, 12), assignee: "b@desk", intent: "password_reset", channel: "app", language: "zh");
        t8.AutoReplyArticleId = 7;
        t8.AutoRepliedAt = Sh(5, 13, 9, 1);
        t8.FirstResponseDueAt = Sh(5, 13, 10, 30);
        t8.CsatRating = 4;
        t8.CsatRatedAt = Sh(5, 14, 10);
        var t9 = Ticket("L9", TicketPriority.Urgent, Sh(5, 18, 9), intent: "login");
        var t10 = Ticket("L1", TicketPriority.Normal, Sh(4, 27, 10), Sh(4, 27, 11), Sh(4, 27, 12), status: TicketStatus.Closed, assignee: "a@desk", intent: "billing");
        t10.ClosedAt = Sh(5, 1, 10);
        t10.CsatRating = 3;
        t10.CsatRatedAt = Sh(4, 28, 10);
        var t11 = Ticket("L11", TicketPriority.Normal, Sh(5, 18, 2), assignee: "b@desk", intent: "billing");
        var t12 = Ticket("L12", TicketPriority.Low, Sh(5, 13, 10), assignee: "a@desk", intent: "billing");
        await world.AddAsync(t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12);
        await world.AddMessageAsync(t7, MessageKind.Automated, Sh(5, 12, 9, 1));
        await world.AddMessageAsync(t8, MessageKind.Automated, Sh(5, 13, 9, 1));
        await world.AddMessageAsync(t8, MessageKind.Agent, Sh(5, 13, 11), "b@desk");
        return world;
    }

    private static Task<SupportReport> WeeksAsync(SupportWorld world, SupportReportFilter? filter = null) =>
        world.Query.RunAsync(new SupportReportRequest(Range, CalendarPeriod.Week, filter), Ct);

    private static string Describe(DurationFigures f) =>
        FormattableString.Invariant($"{f.Count}: {R(f.MedianMinutes)} {R(f.P90Minutes)} | {R(f.BusinessMedianMinutes)} {R(f.BusinessP90Minutes)}");

    // Interpolation between ranks leaves floating-point dust (3024.0000000000005); minutes to six places are exact enough.
    private static double? R(double? minutes) => minutes is { } m ? Math.Round(m, 6) : null;

    private static string Describe(SlaFigures f) => $"{f.Met}/{f.Missed}";

    [Theory, DatabaseProviders]
    public async Task RunAsync_Weeks_GivesMedianAndP90OfResponseAndResolutionInCalendarAndBusinessTime(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var report = await WeeksAsync(await SeedAsync(db));

        Assert.Equal([new DateOnly(2026, 5, 4), new DateOnly(2026, 5, 11)], report.Periods.Select(p => p.Start));
        Assert.All(report.Periods, p => Assert.True(p.Complete));
        // W1 replies: T1 60 [60], T3 90 [30]. W2: T2 3900 [120], T4 60, T8 120. p90 sits at rank (n − 1)·0.9.
        Assert.Equal("2: 75 87 | 45 57", Describe(report.Periods[0].FirstResponse));
        Assert.Equal("3: 120 3144 | 120 120", Describe(report.Periods[1].FirstResponse));
        Assert.Equal("5: 90 2388 | 60 120", Describe(report.Totals.FirstResponse));
        // W1 resolutions: T1 360, T3 1560 [600]. W2: T7 5, T4 120, T8 180, T2 4020 [240].
        Assert.Equal("2: 960 1440 | 480 576", Describe(report.Periods[0].Resolution));
        Assert.Equal("4: 150 2868 | 150 222", Describe(report.Periods[1].Resolution));
        Assert.Equal("6: 270 2790 | 210 480", Describe(report.Totals.Resolution));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Weeks_CountsEachSlaTargetInThePeriodItWasDecided(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var report = await WeeksAsync(await SeedAsync(db));

        // First response: W1 T1, T3 met; W2 T2, T7 met, T4, T8 (stored due), T12 (no reply by its due) missed. T5, T11 still run.
        Assert.Equal(["2/0", "2/3"], report.Periods.Select(p => Describe(p.FirstResponseSla)));
        Assert.Equal("4/3", Describe(report.Totals.FirstResponseSla));
        Assert.Equal(4.0 / 7, report.Totals.FirstResponseSla.HitRate!.Value, 9);
        // Resolution: W1 T1 met, T3 and T6 missed; W2 T2, T4, T7, T8 met.
        Assert.Equal(["1/2", "4/0"], report.Periods.Select(p => Describe(p.ResolutionSla)));
        Assert.Equal("5/2", Describe(report.Totals.ResolutionSla));
        Assert.Equal(
            ["Urgent 0/1 1/0", "High 1/0 0/1", "Normal 3/1 4/1", "Low 0/1 0/0"],
            report.SlaByPriority.Select(p => $"{p.Priority} {Describe(p.FirstResponse)} {Describe(p.Resolution)}"));
        Assert.Null(report.SlaByPriority.Single(p => p.Priority == TicketPriority.Low).Resolution.HitRate);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Days_PlacesBreachesAtTheirBusinessTimeDueInstants(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await world.Query.RunAsync(new SupportReportRequest(Range, CalendarPeriod.Day), Ct);

        Assert.Equal(14, report.Periods.Count);
        var byDay = report.Periods.ToDictionary(p => p.Start.ToString("MM-dd"));
        // T3 due at Tuesday's closing time, not Wednesday's opening; T6 due Wednesday 10:00 because Friday May 1 is a holiday.
        Assert.Equal("0/1", Describe(byDay["05-05"].ResolutionSla));
        Assert.Equal("0/1", Describe(byDay["05-06"].ResolutionSla));
        Assert.Equal("1/0", Describe(byDay["05-04"].ResolutionSla));
        // T2's reply counts on the Monday it was sent; T12's breach on Thursday at 10:00.
        Assert.Equal("1: 3900 3900 | 120 120", Describe(byDay["05-11"].FirstResponse));
        Assert.Equal("0/1", Describe(byDay["05-14"].FirstResponseSla));
        Assert.Equal("0/2", Describe(byDay["05-13"].FirstResponseSla));
        Assert.Equal(DurationFigures.Empty, byDay["05-09"].FirstResponse);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Days_WithoutTheHoliday_BreachesADayEarlier(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db);
        var noHoliday = new SupportWorld(db, Now);

        var report = await noHoliday.Query.RunAsync(new SupportReportRequest(new DayRange(new DateOnly(2026, 5, 5), new DateOnly(2026, 5, 6)), CalendarPeriod.Day), Ct);

        // T3 and T6 both breach on Tuesday now (T6 at 10:00), none on Wednesday.
        Assert.Equal(["0/2", "0/0"], report.Periods.Select(p => Describe(p.ResolutionSla)));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Now_BucketsTheOpenBacklogByStatusAndAge(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var report = await WeeksAsync(await SeedAsync(db));

        // T9 1 h and T5 48 h (New); T11 8 h and T12 5 days (Assigned); T6 18 days (Pending). Tickets created after the range count too.
        Assert.Equal(Now.UtcDateTime, report.Backlog.AsOfUtc);
        Assert.Equal(
            ["New 1,0,1,0,0", "Assigned 0,1,0,1,0", "Pending 0,0,0,0,1"],
            report.Backlog.Rows.Select(r => $"{r.Status} {string.Join(",", r.Counts)}"));
        Assert.Equal(5, report.Backlog.Total);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Agents_GivesLoadSolvedMedianResponseAndCsatOfEachActiveAgent(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var report = await WeeksAsync(await SeedAsync(db));

        // a holds T6, T12; solved T1, T2; replied in 60 and 3900 minutes; rated 5 and 2 (T10's 3 is before the range).
        // b holds T11; solved T3, T4, T8; replied in 90, 60, 120; rated 4. c did nothing; d is retired.
        Assert.Equal(
            ["Chen Li 2/8 2 2 1980 2 3.5", "Wang Fang 1/4 3 3 90 1 4", "Zhao Min 0/6 0 0 - 0 -"],
            report.Agents.Select(a => FormattableString.Invariant(
                $"{a.Name} {a.OpenLoad}/{a.Capacity} {a.Solved} {a.FirstResponses} {(object?)a.MedianFirstResponseMinutes ?? "-"} {a.CsatCount} {(object?)a.CsatAverage ?? "-"}")));
        Assert.Equal(0.25, report.Agents[1].Utilisation);
        Assert.Equal(AgentStatus.Away, report.Agents[1].Status);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Weeks_CountsIntentsPerPeriodAndTheAutomatedResolutionRate(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var report = await WeeksAsync(await SeedAsync(db));

        Assert.Equal(8, report.TicketsCreated);
        // Most tickets first, ties by name, unread tickets last.
        Assert.Equal(["billing", "password_reset", "refund_request", "login", SupportReport.Unclassified], report.Intents);
        Assert.Equal([1, 0, 2, 0, 0], report.Periods[0].IntentCounts);
        Assert.Equal([1, 2, 0, 1, 1], report.Periods[1].IntentCounts);
        // T7 and T8 got the automated reply; only T7 was resolved without an agent's.
        Assert.Equal(new AutomationFigures(3, 0, 0), report.Periods[0].Automation);
        Assert.Equal(new AutomationFigures(5, 2, 1), report.Periods[1].Automation);
        Assert.Equal(0.125, report.Totals.Automation.Rate);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_Ratings_GiveTheValueWeightedSatisfactionIndexAndItsChange(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var report = await WeeksAsync(await SeedAsync(db));

        // W1: T1's 5 (100). Before it (Apr 27 – May 3): T10's 3 (50).
        var w1 = report.Periods[0].Satisfaction;
        Assert.Equal((1, 5.0, 100.0, 50.0), (w1.Ratings, w1.AverageRating, w1.Index, w1.PreviousIndex));
        Assert.Equal(50, w1.Change!.Value, 9);
        // W2: T2's 2 (25) from a learner without a profile (weight 1), T8's 4 (75) from a ¥99 learner.
        var w2 = report.Periods[1].Satisfaction;
        var w2Index = (25 + 75 * SmallSpender) / (1 + SmallSpender);
        Assert.Equal(2, w2.Ratings);
        Assert.Equal(3.0, w2.AverageRating);
        Assert.Equal(w2Index, w2.Index!.Value, 9);
        Assert.Equal(w2Index - 100, w2.Change!.Value, 9);
        Assert.Equal(67.43, w2.Index!.Value, 2);
        // The range against Apr 20 – May 3.
        var total = report.Totals.Satisfaction;
        Assert.Equal(3, total.Ratings);
        Assert.Equal(11.0 / 3, total.AverageRating!.Value, 9);
        Assert.Equal((100 * BigSpender + 25 + 75 * SmallSpender) / (BigSpender + 1 + SmallSpender), total.Index!.Value, 9);
        Assert.Equal(50, total.PreviousIndex);
    }

    [Theory, DatabaseProviders]
    public async Task SatisfactionAsync_Range_MatchesTheReportAndComparesWithTheRangeBefore(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var summary = await world.Query.SatisfactionAsync(Range, cancellationToken: Ct);
        var secondWeek = await world.Query.SatisfactionAsync(new DayRange(new DateOnly(2026, 5, 11), new DateOnly(2026, 5, 17)), cancellationToken: Ct);

        Assert.Equal((await WeeksAsync(world)).Totals.Satisfaction, summary.Figures);
        Assert.Equal((25 + 75 * SmallSpender) / (1 + SmallSpender) - 100, secondWeek.Figures.Change!.Value, 9);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_ChannelAndLanguageFilter_ReadsOnlyMatchingTickets(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await WeeksAsync(world, new SupportReportFilter(Channel: "app", Language: "zh"));
        var normal = await WeeksAsync(world, new SupportReportFilter(Priority: TicketPriority.Normal, Intent: "billing"));
        var unread = await WeeksAsync(world, new SupportReportFilter(Intent: SupportReport.Unclassified));

        // T3 in W1; T4 and T8 in W2; none still open.
        Assert.Equal(3, report.TicketsCreated);
        Assert.Equal("3: 90 114 | 60 108", Describe(report.Totals.FirstResponse));
        Assert.Equal(["login", "password_reset", "refund_request"], report.Intents);
        Assert.Equal(0, report.Backlog.Total);
        Assert.Equal(["Chen Li 0 0", "Wang Fang 3 0", "Zhao Min 0 0"], report.Agents.Select(a => $"{a.Name} {a.Solved} {a.OpenLoad}"));
        // Normal billing: T2 created and resolved in range, T6 breached in W1 and still pending, T11 waiting since today.
        Assert.Equal(1, normal.TicketsCreated);
        Assert.Equal("1/1", Describe(normal.Totals.ResolutionSla));
        Assert.Equal(2, normal.Backlog.Total);
        // T5 is the only unread ticket.
        Assert.Equal(1, unread.TicketsCreated);
        Assert.Equal([0, 0, 1, 0, 0], unread.Backlog.Rows.Single(r => r.Status == TicketStatus.New).Counts);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_NoTicketsNoAgents_ReturnsEmptyPeriodsWithoutFigures(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new SupportWorld(db, Now);

        var report = await world.Query.RunAsync(new SupportReportRequest(Range, CalendarPeriod.Week), Ct);
        var summary = await world.Query.SatisfactionAsync(Range, cancellationToken: Ct);

        Assert.False(report.HasData);
        Assert.Equal(2, report.Periods.Count);
        Assert.All(report.Periods, p =>
        {
            Assert.Equal(DurationFigures.Empty, p.FirstResponse);
            Assert.Null(p.FirstResponseSla.HitRate);
            Assert.Null(p.Automation.Rate);
            Assert.Null(p.Satisfaction.Index);
            Assert.Null(p.Satisfaction.Change);
            Assert.Empty(p.IntentCounts);
        });
        Assert.Empty(report.Intents);
        Assert.Empty(report.Agents);
        Assert.Equal(0, report.Backlog.Total);
        Assert.Equal(3, report.Backlog.Rows.Count);
        Assert.Equal(SatisfactionFigures.Empty, summary.Figures);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_RangeStartingMidWeek_CutsTheFirstAndLastWeekToTheRange(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);

        var report = await world.Query.RunAsync(
            new SupportReportRequest(new DayRange(new DateOnly(2026, 5, 6), new DateOnly(2026, 5, 12)), CalendarPeriod.Week), Ct);

        Assert.Equal(["05-04 05-06..05-10", "05-11 05-11..05-12"], report.Periods.Select(p => $"{p.Start:MM-dd} {p.From:MM-dd}..{p.To:MM-dd}"));
        // Only T2 (Friday) was created in the first part; T7 (Tuesday) in the second.
        Assert.Equal([1, 1], report.Periods.Select(p => p.Automation.Created));
        // The second part (two days) is compared with the two days before it, May 9–10, when nobody rated.
        Assert.Null(report.Periods[1].Satisfaction.PreviousIndex);
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_ReadThroughLinq_GivesTheSameReportAsTheHandWrittenStatement(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = await SeedAsync(db);
        var requests = new[]
        {
            new SupportReportRequest(Range, CalendarPeriod.Week),
            new SupportReportRequest(Range, CalendarPeriod.Day, new SupportReportFilter(Channel: "web", Priority: TicketPriority.Normal)),
            new SupportReportRequest(new DayRange(new DateOnly(2026, 4, 20), new DateOnly(2026, 5, 18)), CalendarPeriod.Week, new SupportReportFilter(Intent: SupportReport.Unclassified)),
        };

        foreach (var request in requests)
        {
            var sql = await world.Query.RunAsync(request, Ct);
            var linq = await world.LinqQuery.RunAsync(request, Ct);

            Assert.Equal(Json(linq), Json(sql));
        }
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_OldUnfinishedTickets_CountOnlyThroughADueTimeInTheRange(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var world = new SupportWorld(db, Now);
        // Both opened in March and still unanswered: their policy targets fell due in March. The first was promised a
        // resolution by Tuesday May 12, 10:00, which it missed then.
        var extended = Ticket("L1", TicketPriority.Normal, Sh(3, 2, 10), assignee: "a@desk");
        extended.ResolutionDueAt = Sh(5, 12, 10);
        var forgotten = Ticket("L2", TicketPriority.Normal, Sh(3, 3, 10));
        await world.AddAsync(extended, forgotten);

        var report = await WeeksAsync(world);

        Assert.Equal(["0/0", "0/0"], report.Periods.Select(p => Describe(p.FirstResponseSla)));
        Assert.Equal(["0/0", "0/1"], report.Periods.Select(p => Describe(p.ResolutionSla)));
        Assert.Equal(
            ["New 0,0,0,0,1", "Assigned 0,0,0,0,1", "Pending 0,0,0,0,0"],
            report.Backlog.Rows.Select(r => $"{r.Status} {string.Join(",", r.Counts)}"));
        // Its holder is not set up as an agent, yet carries the load.
        var holder = Assert.Single(report.Agents);
        Assert.Equal(("a@desk", false, 1), (holder.AgentId, holder.Listed, holder.OpenLoad));
        Assert.True(report.HasData);
    }

    /// <summary>A report as JSON with figures to nine places: sums taken in another row order may differ in the last bit.</summary>
    private static string Json(SupportReport report) => JsonSerializer.Serialize(report with { GeneratedAtUtc = default }, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { Converters = { new RoundedDoubles() } };

    private sealed class RoundedDoubles : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(Math.Round(value, 9));
    }
}
