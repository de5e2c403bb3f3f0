using System.Globalization;
using OpsConsole.Catalog;
using OpsConsole.Commerce;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Support;

namespace OpsConsole.Demo;

/// <summary>
/// Simulates the platform one day at a time so events come out in time order and memory stays flat: each
/// day's events are handed to the writer while the next day is simulated. The planted structure is described
/// on <see cref="DemoPlatformGenerator"/>; the numbers that create it live here (learners, days, churn) and in
/// the sessions part (browsing, buying, studying, support).
/// </summary>
internal sealed partial class DemoSimulation
{
    /// <summary>The platform's home time zone (China Standard Time has no daylight saving): days start at local midnight.</summary>
    public static readonly TimeSpan PlatformOffset = TimeSpan.FromHours(8);

    /// <summary>That zone as the calendars take it, for the parts generated without the app's configured zone.</summary>
    public static readonly TimeZoneInfo PlatformZone = TimeZoneInfo.CreateCustomTimeZone("demo-platform", PlatformOffset, "UTC+08:00", "UTC+08:00");
    public const string Currency = "CNY";
    public const decimal MonthlyPrice = 39m;
    public const decimal AnnualPrice = 299m;

    private const double PreExistingShare = 0.3;
    private static readonly int MaxUtcOffsetHours = DemoPeople.ChineseRegions.Concat(DemoPeople.EnglishRegions).Max(r => r.UtcOffsetHours);
    private const double ChineseShare = 0.85;

    // Churn hazard per day and what multiplies it (see the block on DemoPlatformGenerator).
    private const double BaseHazard = 0.003;
    private const double NewcomerHazard = 0.016;
    private const double PriceSensitiveChurn = 2.6;
    private const double StaleTicketChurn = 5.0;
    private const double RecentRefundChurn = 3.0;
    private const double FailedRenewalChurn = 5.0;
    private const double MemberChurn = 0.5;
    // Some events are the last straw: the learner starts to drift away within days.
    private const double StalledTicketQuits = 0.35;
    private const double RefundQuits = 0.15;
    private const double LapseQuits = 0.45;

    // Monday first; Sunday evenings are when people study.
    private static readonly double[] WeekdayActivity = [1.05, 1.05, 1.0, 0.95, 0.85, 0.9, 1.2];
    private static readonly double[] WeekdayArrivals = [1.1, 1.05, 1.0, 0.95, 0.85, 0.95, 1.1];

    // Local hour of day: commute, lunch and the long evening peak.
    private static readonly double[] HourWeights =
        [0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.4, 1.0, 1.6, 1.2, 0.9, 0.9, 1.5, 1.4, 0.9, 0.8, 0.8, 0.9, 1.1, 1.6, 2.2, 2.5, 2.0, 1.0];
    private static readonly double[] HourCumulative = Cumulative(HourWeights);

    private static readonly string[][] TopicQueries = DemoCatalog.Topics.Select(t => t.Queries.ToArray()).ToArray();
    private static readonly string[] ViewSources = ["home_feed", "related", "category", "push", "email", "column_list"];
    private static readonly double[] ViewSourceWeights = [40, 22, 16, 8, 6, 8];
    private static readonly string[] LoginMethods = ["password", "sms", "wechat", "apple"];
    private static readonly string[] Payments = ["alipay", "wechat_pay", "card", "apple_pay"];
    private static readonly string[] ShareTargets = ["wechat", "moments", "weibo", "link", "x"];
    private static readonly (string Code, decimal Off)[] PersonalCoupons = [("SAVE20", 0.2m), ("BACK30", 0.3m), ("FRIEND25", 0.25m), ("EDU15", 0.15m)];
    private static readonly (string Code, string Reason)[] RefundReasons =
    [
        ("not_as_described", "Content not as described"), ("too_basic", "Too basic for me"), ("bought_by_mistake", "Bought by mistake"),
        ("duplicate", "Duplicate purchase"), ("no_time", "No time to study"), ("found_cheaper", "Found it cheaper elsewhere"),
    ];
    private static readonly string[] CancelReasons = ["too_expensive", "not_using", "switching", "temporary_break", "content_gaps"];

    private readonly int _seed;
    private readonly int _days;
    private readonly bool[] _saleDays;
    private readonly List<(BehaviorEvent Event, long Order)> _pending = [];
    private readonly List<(Ticket Row, long Order)> _tickets = [];
    private readonly List<(Membership Row, long Order)> _memberships = [];
    private long _events;
    private long _rows;

    // Per-day tables of what is on sale, so a retired item stops getting attention and a new one gets a launch bump.
    private readonly int[][] _topicItems;
    private readonly double[][] _topicCumulative;
    private readonly double[] _topicChoice;

    public DemoSimulation(int learners, int days, int seed, DateOnly endDate)
    {
        _seed = seed;
        _days = days;
        WindowEnd = WindowEndOf(endDate);
        WindowStart = WindowEnd.AddDays(-days);
        Items = DemoCatalog.Build(new DemoRandom(seed, 1), WindowStart, WindowEnd);
        _saleDays = SaleDays(new DemoRandom(seed, 2), days);
        _topicChoice = Cumulative(DemoCatalog.Topics.Select(t => t.Popularity).ToArray());
        _topicItems = new int[DemoCatalog.Topics.Length][];
        _topicCumulative = new double[DemoCatalog.Topics.Length][];
        Learners = CreateLearners(learners);
    }

    public DateTime WindowStart { get; }
    public DateTime WindowEnd { get; }
    public List<DemoItem> Items { get; }
    public List<DemoLearner> Learners { get; }
    public List<Order> Orders { get; } = [];
    public List<Refund> Refunds { get; } = [];
    public int PendingEvents => _pending.Count;

    public IEnumerable<Membership> Memberships => _memberships.OrderBy(m => m.Row.StartedAt).ThenBy(m => m.Order).Select(m => m.Row);

    public IEnumerable<Ticket> Tickets => _tickets.OrderBy(t => t.Row.CreatedAt).ThenBy(t => t.Order).Select(t => t.Row);

    public int MembershipCount => _memberships.Count;

    public int TicketCount => _tickets.Count;

    /// <summary>The first instant after the window: midnight after <paramref name="endDate"/> in the platform's zone.</summary>
    public static DateTime WindowEndOf(DateOnly endDate) =>
        DateTime.SpecifyKind(endDate.AddDays(1).ToDateTime(TimeOnly.MinValue) - PlatformOffset, DateTimeKind.Utc);

    /// <summary>
    /// Events simulated up to and including <paramref name="day"/> that no later day can precede, in time order (ties
    /// broken by creation), handed over and forgotten. Learners east of the platform start their day up to a couple of
    /// hours earlier and those west of it end it many hours later, so the tail waits for the next batch; that keeps the
    /// store's sequence in time order. The last day releases everything.
    /// </summary>
    public List<BehaviorEvent> TakeEvents(int day)
    {
        _pending.Sort((a, b) => a.Event.OccurredAt != b.Event.OccurredAt ? a.Event.OccurredAt.CompareTo(b.Event.OccurredAt) : a.Order.CompareTo(b.Order));
        var release = _pending.Count;
        if (day < _days - 1)
        {
            var watermark = DayStart(day + 1).AddHours(PlatformOffset.TotalHours - MaxUtcOffsetHours);
            release = _pending.FindIndex(p => p.Event.OccurredAt >= watermark);
            release = release < 0 ? _pending.Count : release;
        }
        var events = new List<BehaviorEvent>(release);
        for (var i = 0; i < release; i++)
        {
            events.Add(_pending[i].Event);
        }
        _pending.RemoveRange(0, release);
        return events;
    }

    /// <summary>The tier each learner holds when the window closes.</summary>
    public MembershipTier FinalTier(DemoLearner learner) =>
        learner.Membership is { } m && m.StatusAt(WindowEnd) == MembershipStatus.Active
            ? m.Plan == MembershipPlan.Annual ? MembershipTier.Annual : MembershipTier.Monthly
            : MembershipTier.None;

    private DateTime DayStart(int day) => WindowStart.AddDays(day);

    // ---------------------------------------------------------------- learners

    private List<DemoLearner> CreateLearners(int count)
    {
        var arrivals = new DemoRandom(_seed, 3);
        var dayWeights = new double[_days];
        for (var d = 0; d < _days; d++)
        {
            var growth = 1.0 + 0.9 * d / _days;
            dayWeights[d] = growth * WeekdayArrivals[Weekday(d)] * (_saleDays[d] ? 1.8 : 1.0) * arrivals.LogNormal(1.0, 0.15);
        }
        var dayCumulative = Cumulative(dayWeights);
        var preExisting = (int)Math.Round(count * PreExistingShare);
        var signups = new List<(DateTime At, int Day, int Draw)>(count);
        for (var i = 0; i < count; i++)
        {
            if (i < preExisting)
            {
                signups.Add((DemoCatalog.Truncate(WindowStart.AddDays(-arrivals.Uniform(1, 540))), -1, i));
            }
            else
            {
                var day = arrivals.PickCumulative(dayCumulative);
                signups.Add((DemoCatalog.Truncate(LocalTime(arrivals, day, 8)), day, i));
            }
        }
        // Ids follow signup order, as a platform's sequential ids would.
        signups.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Draw.CompareTo(b.Draw));

        var learners = new List<DemoLearner>(count);
        var topicWeights = DemoCatalog.Topics.Select(t => t.Popularity).ToArray();
        for (var i = 0; i < signups.Count; i++)
        {
            var (signupAt, day, _) = signups[i];
            // A window that opens mid-day (never with whole days) still keeps signup inside its day.
            if (day >= 0 && signupAt < WindowStart)
            {
                signupAt = WindowStart;
            }
            var rng = new DemoRandom(_seed, 1000 + i);
            var chinese = rng.Chance(ChineseShare);
            var region = DemoPeople.Region(rng, chinese);
            var channel = DemoPeople.Channel(rng, chinese);
            var serial = 100001 + i;
            var id = "u" + serial.ToString(CultureInfo.InvariantCulture);
            var person = DemoPeople.Person(rng, chinese, serial);
            var first = rng.PickWeighted(topicWeights);
            int[] preferred = [first];
            if (rng.Chance(0.55))
            {
                var others = topicWeights.Select((w, t) => t == first ? 0 : w).ToArray();
                preferred = [first, rng.PickWeighted(others)];
            }
            var sensitivity = 0.22 * channel switch { "ads" => 1.6, "wechat" => 1.2, "referral" => 0.8, _ => 1.0 } * (chinese ? 1.0 : 0.8);
            var row = new Learner
            {
                Id = id,
                SignupAt = signupAt,
                Channel = channel,
                Region = region.Name,
                Device = DemoPeople.Device(rng, chinese),
                Locale = chinese ? DemoPeople.ChineseLocale : DemoPeople.EnglishLocale,
                Tier = MembershipTier.None,
                CreatedAt = signupAt,
                UpdatedAt = signupAt,
            };
            var pii = new LearnerPii
            {
                LearnerId = id,
                Name = person.Name,
                Email = chinese && rng.Chance(0.1) ? null : person.Email,
                Phone = !chinese && rng.Chance(0.35) ? null : person.Phone,
            };
            row.Pii = pii;
            var learner = new DemoLearner(i, row, pii, rng)
            {
                Chinese = chinese,
                Region = region,
                PreferredTopics = preferred,
                Focus = rng.Uniform(0.65, 0.9),
                PriceSensitive = rng.Chance(sensitivity),
                Activity = Math.Clamp(rng.LogNormal(0.28, 0.7), 0.05, 2.0),
                SignupDay = day,
            };
            // Coupon campaigns reach everyone; the price-sensitive are the ones who claim and keep them.
            learner.Coupons = learner.PriceSensitive ? rng.Next(1, 4) : rng.Chance(0.1) ? 1 : 0;
            if (learner.PreExisting && rng.Chance(0.2))
            {
                StartExistingMembership(learner);
            }
            learners.Add(learner);
        }
        return learners;
    }

    /// <summary>Some learners were members before the window opened; their history shows in the membership row only.</summary>
    private void StartExistingMembership(DemoLearner learner)
    {
        var rng = learner.Rng;
        var annual = rng.Chance(0.4);
        var started = DemoCatalog.Truncate(WindowStart.AddDays(-rng.Uniform(3, annual ? 360 : 400)));
        if (started < learner.Row.SignupAt)
        {
            started = learner.Row.SignupAt;
        }
        var membership = new Membership
        {
            LearnerId = learner.Id,
            Plan = annual ? MembershipPlan.Annual : MembershipPlan.Monthly,
            StartedAt = started,
            ExpiresAt = NextExpiry(started, annual ? MembershipPlan.Annual : MembershipPlan.Monthly),
        };
        while (membership.ExpiresAt <= WindowStart)
        {
            membership.ExpiresAt = NextExpiry(membership.ExpiresAt, membership.Plan);
            membership.Renewals++;
        }
        AddMembership(learner, membership);
    }

    private void AddMembership(DemoLearner learner, Membership membership)
    {
        _memberships.Add((membership, _rows++));
        learner.Membership = membership;
        learner.RenewalDueAt = membership.ExpiresAt;
        learner.RenewalRetry = false;
    }

    private static DateTime NextExpiry(DateTime from, MembershipPlan plan) => plan == MembershipPlan.Annual ? from.AddYears(1) : from.AddMonths(1);

    private static decimal PlanPrice(MembershipPlan plan) => plan == MembershipPlan.Annual ? AnnualPrice : MonthlyPrice;

    private static string PlanName(MembershipPlan plan) => plan == MembershipPlan.Annual ? "annual" : "monthly";

    // ---------------------------------------------------------------- days

    public void SimulateDay(int day)
    {
        var dayStart = DayStart(day);
        var dayEnd = dayStart.AddDays(1);
        RefreshItems(dayStart);
        var sale = _saleDays[day];
        var weekday = WeekdayActivity[Weekday(day)];
        foreach (var learner in Learners)
        {
            if (learner.SignupDay > day || day >= learner.StopDay)
            {
                continue;
            }
            var rng = learner.Rng;
            if (sale && (day == 0 || !_saleDays[day - 1]) && rng.Chance(learner.PriceSensitive ? 0.9 : 0.05))
            {
                learner.Coupons++;
            }
            ProcessRefunds(learner, dayEnd);
            ProcessRenewal(learner, day, dayEnd);
            if (!learner.IsFading && day > learner.SignupDay
                && (learner.QuitsAt < dayEnd || rng.Chance(Hazard(learner, day, dayStart))))
            {
                StartFading(learner, day);
            }
            if (day >= learner.StopDay)
            {
                continue;
            }
            var expected = learner.Activity * weekday * (sale ? 1.25 : 1.0);
            if (!learner.PreExisting && day - learner.SignupDay < 7)
            {
                expected *= 1.5;
            }
            if (learner.IsFading)
            {
                // Activity falls off before it stops: the signal a churn model can catch in time.
                expected *= 0.7 * Math.Exp(-(day - learner.FadeStartDay) / 4.0);
            }
            var count = Math.Min(5, rng.Poisson(expected));
            var signupToday = day == learner.SignupDay;
            if (count == 0 && !signupToday)
            {
                continue;
            }
            var starts = new List<DateTime>(count + 1);
            for (var i = 0; i < count; i++)
            {
                var start = LocalTime(rng, day, learner.Region.UtcOffsetHours);
                if (!signupToday || start > learner.Row.SignupAt)
                {
                    starts.Add(start);
                }
            }
            starts.Sort();
            if (signupToday)
            {
                RunSession(learner, learner.Row.SignupAt, signup: true, sale);
            }
            foreach (var start in starts)
            {
                // Leave room for the session itself inside the window.
                if (start >= WindowStart && start < WindowEnd.AddHours(-2))
                {
                    RunSession(learner, start, signup: false, sale);
                }
            }
        }
    }

    /// <summary>Daily probability that a learner starts to drift away. Every factor here is a planted churn driver.</summary>
    private double Hazard(DemoLearner learner, int day, DateTime at)
    {
        var hazard = BaseHazard;
        if (!learner.PreExisting && day - learner.SignupDay < 14)
        {
            hazard += NewcomerHazard;
        }
        var factor = 1.0;
        if (learner.PriceSensitive)
        {
            factor *= PriceSensitiveChurn;
        }
        if (learner.HasStaleTicket(at))
        {
            factor *= StaleTicketChurn;
        }
        if (at - learner.LastRefundAt < TimeSpan.FromDays(45))
        {
            factor *= RecentRefundChurn;
        }
        if (at - learner.LastFailedRenewalAt < TimeSpan.FromDays(60))
        {
            factor *= FailedRenewalChurn;
        }
        if (learner.IsMemberAt(at))
        {
            factor *= MemberChurn;
        }
        factor *= Math.Clamp(Math.Sqrt(0.3 / learner.Activity), 0.6, 1.8);
        factor *= learner.Row.Channel switch { "referral" => 0.8, "ads" => 1.3, "partner" => 0.9, _ => 1.0 };
        return Math.Min(0.5, hazard * factor);
    }

    private void StartFading(DemoLearner learner, int day)
    {
        var rng = learner.Rng;
        learner.FadeStartDay = day;
        learner.StopDay = day + rng.Next(6, 22);
        // Someone on the way out turns off auto-renewal, so a churned learner leaves no renewals behind.
        if (learner.Membership is { CancelledAt: null } membership)
        {
            var at = LocalTime(rng, day, learner.Region.UtcOffsetHours);
            var session = NewSession(learner);
            Emit(learner, EventType.Login, at, null, session, null, $$"""{"method":"{{rng.Pick(LoginMethods)}}"}""");
            if (Emit(learner, EventType.MembershipCancel, at.AddSeconds(rng.Next(20, 120)), null, session, null,
                $$"""{"plan":"{{PlanName(membership.Plan)}}","reason":"{{rng.Pick(CancelReasons)}}"}""") is { } cancel)
            {
                membership.CancelledAt = cancel.OccurredAt;
            }
        }
    }

    private void ProcessRefunds(DemoLearner learner, DateTime dayEnd)
    {
        for (var i = 0; i < learner.PendingRefunds.Count; i++)
        {
            var refund = learner.PendingRefunds[i];
            if (refund.DueAt >= dayEnd)
            {
                continue;
            }
            learner.PendingRefunds.RemoveAt(i--);
            var reason = RefundReasons.First(r => r.Reason == refund.Reason).Code;
            if (Emit(learner, EventType.Refund, refund.DueAt, refund.Item.Row.Id, null, refund.Amount,
                $$"""{"orderId":"{{refund.Order.Id}}","reason":"{{reason}}"}""") is not { } e)
            {
                continue;
            }
            Refunds.Add(new Refund { Id = e.EventId, OrderId = refund.Order.Id, Amount = refund.Amount, RefundedAt = e.OccurredAt, Reason = refund.Reason });
            learner.LastRefundAt = e.OccurredAt;
            if (learner.Rng.Chance(RefundQuits))
            {
                learner.QuitAfter(e.OccurredAt.AddDays(learner.Rng.Uniform(1, 10)));
            }
            learner.Owned.Remove(refund.Item.Index);
            learner.Reading.Remove(refund.Item.Index);
            learner.Library.RemoveAll(p => p.Item == refund.Item);
        }
    }

    private void ProcessRenewal(DemoLearner learner, int day, DateTime dayEnd)
    {
        if (learner.Membership is not { } membership || learner.RenewalDueAt is not { } due || due >= dayEnd)
        {
            return;
        }
        if (membership.CancelledAt is not null)
        {
            learner.Membership = null;
            learner.RenewalDueAt = null;
            return;
        }
        var rng = learner.Rng;
        var failure = learner.RenewalRetry ? 0.6 : learner.PriceSensitive ? 0.2 : 0.1;
        if (!rng.Chance(failure))
        {
            var price = PlanPrice(membership.Plan);
            if (Emit(learner, EventType.MembershipRenew, due, null, null, price,
                $$"""{"plan":"{{PlanName(membership.Plan)}}","attempt":{{(learner.RenewalRetry ? 2 : 1)}}}""") is null)
            {
                return;
            }
            membership.Renewals++;
            membership.ExpiresAt = NextExpiry(membership.ExpiresAt, membership.Plan);
            learner.RenewalDueAt = membership.ExpiresAt;
            learner.RenewalRetry = false;
            // A few learners are surprised by the automatic charge.
            if (rng.Chance(0.03))
            {
                OpenTicket(learner, TicketTopic.MembershipRenewal, due.AddHours(rng.Uniform(1, 48)), null, null, price, membership.Plan);
            }
            return;
        }
        membership.FailedRenewals++;
        if (!learner.RenewalRetry)
        {
            learner.RenewalRetry = true;
            learner.RenewalDueAt = due.AddDays(3);
            return;
        }
        // The retry failed too: the membership lapses, which is a strong churn driver.
        learner.Membership = null;
        learner.RenewalDueAt = null;
        learner.RenewalRetry = false;
        learner.LastFailedRenewalAt = due;
        if (rng.Chance(0.45))
        {
            OpenTicket(learner, TicketTopic.MembershipRenewal, due.AddHours(rng.Uniform(2, 60)), null, null, PlanPrice(membership.Plan), membership.Plan);
        }
        if (!learner.IsFading && rng.Chance(LapseQuits))
        {
            StartFading(learner, day);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private BehaviorEvent? Emit(DemoLearner learner, EventType type, DateTime at, string? itemId, string? session, decimal? amount, string? properties)
    {
        if (at >= WindowEnd || at < WindowStart)
        {
            return null;
        }
        var e = new BehaviorEvent
        {
            EventId = "demo-" + (++_events).ToString(CultureInfo.InvariantCulture),
            LearnerId = learner.Id,
            Type = type,
            OccurredAt = DemoCatalog.Truncate(at),
            ItemId = itemId,
            SessionId = session,
            Amount = amount,
            Currency = amount is null ? null : Currency,
            Properties = properties,
        };
        _pending.Add((e, _events));
        return e;
    }

    private int PickTopic(DemoLearner learner)
    {
        var rng = learner.Rng;
        if (rng.Chance(learner.Focus))
        {
            return learner.PreferredTopics.Length > 1 && rng.Chance(0.35) ? learner.PreferredTopics[1] : learner.PreferredTopics[0];
        }
        return rng.PickCumulative(_topicChoice);
    }

    private DemoItem PickItem(DemoRandom rng, int topic) => Items[_topicItems[topic][rng.PickCumulative(_topicCumulative[topic])]];

    private void RefreshItems(DateTime at)
    {
        for (var t = 0; t < DemoCatalog.Topics.Length; t++)
        {
            var available = Items.Where(i => i.Topic == t && i.IsAvailable(at)).ToList();
            if (available.Count == 0)
            {
                // Never happens with the built catalogue; keeps a custom one from dividing by nothing.
                available = Items.Where(i => i.Topic == t).ToList();
            }
            _topicItems[t] = available.Select(i => i.Index).ToArray();
            _topicCumulative[t] = Cumulative(available
                .Select(i => i.Popularity * (at - i.Row.PublishedAt < TimeSpan.FromDays(30) ? 3.0 : 1.0)).ToArray());
        }
    }

    /// <summary>A moment on <paramref name="day"/> at a local hour drawn from the daily rhythm of a learner at that UTC offset.</summary>
    private DateTime LocalTime(DemoRandom rng, int day, int utcOffsetHours)
    {
        var hour = rng.PickCumulative(HourCumulative) + rng.NextDouble();
        return DayStart(day).AddHours(PlatformOffset.TotalHours - utcOffsetHours + hour);
    }

    private int Weekday(int day)
    {
        var local = DayStart(day) + PlatformOffset;
        return ((int)local.DayOfWeek + 6) % 7;
    }

    /// <summary>A platform-wide sale of four days roughly every six weeks.</summary>
    private static bool[] SaleDays(DemoRandom rng, int days)
    {
        var sale = new bool[days];
        for (var start = rng.Next(10, 30); start < days; start += rng.Next(35, 56))
        {
            for (var d = start; d < Math.Min(days, start + 4); d++)
            {
                sale[d] = true;
            }
        }
        return sale;
    }

    private static double[] Cumulative(double[] weights)
    {
        var cumulative = new double[weights.Length];
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            cumulative[i] = total;
        }
        return cumulative;
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
