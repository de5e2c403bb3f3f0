using System.Globalization;
using OpsConsole.Catalog;
using OpsConsole.Commerce;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Support;

namespace OpsConsole.Demo;

/// <summary>
/// Simulates the platform one day at a time so events come out (nearly) in time order and memory stays flat:
/// each day's events are handed to the writer while the next day is simulated. The planted structure is
/// described on <see cref="DemoPlatformGenerator"/>; the numbers that create it live here.
/// </summary>
internal sealed class DemoSimulation
{
    /// <summary>The platform's home time zone (China Standard Time has no daylight saving): days start at local midnight.</summary>
    public static readonly TimeSpan PlatformOffset = TimeSpan.FromHours(8);
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

    // ---------------------------------------------------------------- sessions

    private static string NewSession(DemoLearner learner) =>
        learner.Id + "-s" + (++learner.Sessions).ToString(CultureInfo.InvariantCulture);

    private void RunSession(DemoLearner learner, DateTime start, bool signup, bool sale)
    {
        var rng = learner.Rng;
        var session = NewSession(learner);
        var t = start;
        if (signup)
        {
            Emit(learner, EventType.Signup, t, null, session, null,
                $$"""{"channel":"{{learner.Row.Channel}}","device":"{{learner.Row.Device}}"}""");
        }
        else if (rng.Chance(0.45))
        {
            Emit(learner, EventType.Login, t, null, session, null, $$"""{"method":"{{rng.Pick(LoginMethods)}}"}""");
            if (rng.Chance(0.0015))
            {
                OpenTicket(learner, TicketTopic.LoginAccount, t.AddMinutes(-rng.Uniform(5, 120)), null, null, 0, null);
            }
        }
        t = t.AddSeconds(rng.Next(5, 40));

        if (rng.Chance(0.28))
        {
            var topic = PickTopic(learner);
            Emit(learner, EventType.Search, t, null, session, null,
                $$"""{"query":"{{rng.Pick(TopicQueries[topic])}}","results":{{rng.Next(3, 60)}}}""");
            t = t.AddSeconds(rng.Next(5, 30));
            if (rng.Chance(0.7))
            {
                var item = PickItem(rng, topic);
                Emit(learner, EventType.Click, t, item.Row.Id, session, null, $$"""{"source":"search","position":{{rng.Next(1, 11)}}}""");
                t = View(learner, item, "search", session, t.AddSeconds(rng.Next(1, 5)), sale);
            }
        }

        var views = Math.Min(7, 1 + rng.Poisson(1.6));
        for (var v = 0; v < views; v++)
        {
            var item = PickItem(rng, PickTopic(learner));
            var source = ViewSources[rng.PickWeighted(ViewSourceWeights)];
            if (rng.Chance(0.45))
            {
                Emit(learner, EventType.Click, t, item.Row.Id, session, null, $$"""{"source":"{{source}}","position":{{rng.Next(1, 21)}}}""");
                t = t.AddSeconds(rng.Next(1, 5));
            }
            t = View(learner, item, source, session, t, sale);
        }

        t = Study(learner, session, t);

        if (!learner.IsMemberAt(t) && !learner.IsFading)
        {
            var p = 0.008 * (learner.Purchases >= 2 ? 2.5 : 1) * (sale ? 2 : 1) * (learner.PriceSensitive ? 0.6 : 1) * (learner.Library.Count > 0 ? 1.3 : 1);
            if (rng.Chance(p))
            {
                StartMembership(learner, session, t);
            }
        }
        else if (learner.Membership is { CancelledAt: null } membership && rng.Chance(learner.PriceSensitive ? 0.008 : 0.003))
        {
            if (Emit(learner, EventType.MembershipCancel, t, null, session, null,
                $$"""{"plan":"{{PlanName(membership.Plan)}}","reason":"{{rng.Pick(CancelReasons)}}"}""") is { } cancel)
            {
                membership.CancelledAt = cancel.OccurredAt;
            }
        }
    }

    private DateTime View(DemoLearner learner, DemoItem item, string source, string session, DateTime t, bool sale)
    {
        var rng = learner.Rng;
        var seconds = item.Row.Kind == ContentKind.Article ? rng.Next(30, 600) : rng.Next(10, 240);
        Emit(learner, EventType.View, t, item.Row.Id, session, null, $$"""{"source":"{{source}}","seconds":{{seconds}}}""");
        t = t.AddSeconds(seconds);
        var index = item.Index;
        if (item.IsPaid && !learner.Owned.Contains(index) && !learner.Reading.Contains(index))
        {
            if (learner.IsMemberAt(t) && item.Row.Kind is ContentKind.Column or ContentKind.EBook)
            {
                // Members read columns and books without buying them.
                if (rng.Chance(learner.Prefers(item.Topic) ? 0.4 : 0.1))
                {
                    learner.Library.Add(new DemoLearner.Progress(item, 0));
                    learner.Reading.Add(index);
                }
            }
            else
            {
                t = MaybePurchase(learner, item, session, t, sale);
            }
        }
        else if (!learner.Rated.Contains(index) && (learner.Owned.Contains(index) ? rng.Chance(0.04) : !item.IsPaid && rng.Chance(0.02)))
        {
            Rate(learner, item, session, t);
        }
        if (rng.Chance(learner.Prefers(item.Topic) ? 0.015 : 0.003))
        {
            Emit(learner, EventType.Share, t.AddSeconds(5), item.Row.Id, session, null, $$"""{"channel":"{{rng.Pick(ShareTargets)}}"}""");
        }
        if (item.Row.Kind is ContentKind.Course or ContentKind.LiveClass
            && rng.Chance(learner.Row.Device == "android" ? 0.003 : 0.0018))
        {
            OpenTicket(learner, TicketTopic.VideoPlayback, t.AddMinutes(rng.Uniform(2, 90)), item, null, 0, null, lesson: rng.Next(1, item.Lessons + 1));
        }
        return t.AddSeconds(rng.Next(2, 20));
    }

    private DateTime MaybePurchase(DemoLearner learner, DemoItem item, string session, DateTime t, bool sale)
    {
        var rng = learner.Rng;
        var preferred = learner.Prefers(item.Topic);
        var p = item.Row.Kind switch
        {
            ContentKind.Course => 0.035,
            ContentKind.Column => 0.05,
            ContentKind.LiveClass => 0.08,
            _ => 0.06,
        };
        p *= preferred ? 1.0 : 0.1;
        p *= Math.Pow(199.0 / (double)item.Price, 0.45);
        var member = learner.IsMemberAt(t);
        var (discount, coupon, promo) = BestOffer(learner, item, t, sale, member);
        // Price-sensitive learners almost only buy at a discount; for the rest a discount is a mild nudge.
        p *= learner.PriceSensitive ? (discount > 0 ? 2.5 : 0.07) : (discount > 0 ? 1.3 : 1.0);
        if (member)
        {
            p *= 1.2;
        }
        if (!rng.Chance(p))
        {
            return t;
        }
        var amount = Math.Round(item.Price * (1 - discount), 0, MidpointRounding.AwayFromZero);
        var extra = coupon is not null ? ",\"coupon\":\"" + coupon + "\"" : promo is not null ? ",\"promo\":\"" + promo + "\"" : "";
        t = t.AddSeconds(rng.Next(20, 180));
        if (Emit(learner, EventType.Purchase, t, item.Row.Id, session, amount,
            $$"""{"listPrice":{{Number(item.Price)}},"payment":"{{rng.Pick(Payments)}}"{{extra}}}""") is not { } e)
        {
            return t;
        }
        if (coupon == "NEW50")
        {
            learner.NewUserCouponUsed = true;
        }
        else if (coupon is not null)
        {
            learner.Coupons--;
        }
        var order = new Order { Id = e.EventId, LearnerId = learner.Id, ItemId = item.Row.Id, Amount = amount, Currency = Currency, PlacedAt = e.OccurredAt, Coupon = coupon };
        Orders.Add(order);
        learner.Owned.Add(item.Index);
        learner.Purchases++;
        if (item.HasLessons)
        {
            learner.Library.Add(new DemoLearner.Progress(item, 0));
            learner.Reading.Add(item.Index);
        }

        // Impulse buys outside one's interests and bargain hunting end in refunds far more often.
        var refund = 0.025 * (preferred ? 1 : 3) * (learner.PriceSensitive ? 4 : 1) * (item.Price >= 699 ? 1.4 : 1);
        if (amount > 0 && rng.Chance(Math.Min(0.7, refund)))
        {
            var due = DemoCatalog.Truncate(t.AddDays(rng.Uniform(1, 7)));
            var (_, reason) = rng.Pick(RefundReasons);
            var refunded = rng.Chance(0.1) ? Math.Round(amount / 2, 0, MidpointRounding.AwayFromZero) : amount;
            learner.PendingRefunds.Add(new DemoLearner.PendingRefund(order, item, due, refunded, reason));
            if (rng.Chance(0.45))
            {
                OpenTicket(learner, TicketTopic.RefundRequest, t + (due - t) * rng.Uniform(0.05, 0.8), item, order, amount, null);
            }
        }
        if (rng.Chance(0.012))
        {
            OpenTicket(learner, TicketTopic.Billing, t.AddHours(rng.Uniform(0.1, 30)), item, order, amount, null);
        }
        if (rng.Chance(learner.Chinese ? (item.Price >= 499 ? 0.05 : 0.012) : 0.004))
        {
            OpenTicket(learner, TicketTopic.Invoice, t.AddHours(rng.Uniform(1, 200)), item, order, amount, null);
        }
        if (learner.PriceSensitive && rng.Chance(coupon is not null ? 0.06 : 0.02))
        {
            OpenTicket(learner, TicketTopic.Coupon, t.AddMinutes(rng.Uniform(5, 600)), item, order, amount, null, coupon: coupon ?? rng.Pick(PersonalCoupons).Code);
        }
        return t;
    }

    private static (decimal Discount, string? Coupon, string? Promo) BestOffer(DemoLearner learner, DemoItem item, DateTime t, bool sale, bool member)
    {
        (decimal, string?, string?) best = (0m, null, null);
        if (!learner.PreExisting && !learner.NewUserCouponUsed && t - learner.Row.SignupAt < TimeSpan.FromDays(14))
        {
            best = (0.5m, "NEW50", null);
        }
        if (learner.Coupons > 0)
        {
            // Which coupon a learner holds is fixed by who they are, so no draw is spent on it.
            var (code, off) = PersonalCoupons[learner.Index % PersonalCoupons.Length];
            if (off > best.Item1)
            {
                best = (off, code, null);
            }
        }
        if (sale && best.Item1 < 0.3m)
        {
            best = (0.3m, null, "sale");
        }
        if (member && item.Row.Kind is ContentKind.Course or ContentKind.LiveClass && best.Item1 < 0.2m)
        {
            best = (0.2m, null, "member_price");
        }
        return best;
    }

    /// <summary>Working through lessons of something in the library; finishing a course may earn a certificate (and a ticket).</summary>
    private DateTime Study(DemoLearner learner, string session, DateTime t)
    {
        var rng = learner.Rng;
        var member = learner.IsMemberAt(t);
        DemoLearner.Progress? current = null;
        var open = 0;
        foreach (var p in learner.Library)
        {
            if (p.Percent < 100 && (member || learner.Owned.Contains(p.Item.Index)))
            {
                open++;
                current = p;
            }
        }
        if (current is null || !rng.Chance(0.6))
        {
            return t;
        }
        if (open > 1 && rng.Chance(0.5))
        {
            var pick = rng.Next(open);
            foreach (var p in learner.Library)
            {
                if (p.Percent < 100 && (member || learner.Owned.Contains(p.Item.Index)) && pick-- == 0)
                {
                    current = p;
                    break;
                }
            }
        }
        var item = current.Item;
        var lessons = 1 + rng.Next(3);
        for (var i = 0; i < lessons && current.Percent < 100; i++)
        {
            current.Lesson++;
            current.Percent = Math.Min(100, (int)Math.Round(100.0 * current.Lesson / item.Lessons));
            var seconds = rng.Next(300, 1500);
            Emit(learner, EventType.LessonProgress, t, item.Row.Id, session, null,
                $$"""{"lesson":{{current.Lesson}},"progress":{{current.Percent}},"seconds":{{seconds}}}""");
            t = t.AddSeconds(seconds);
        }
        if (rng.Chance(0.005))
        {
            OpenTicket(learner, TicketTopic.CourseContent, t.AddMinutes(rng.Uniform(1, 240)), item, null, 0, null, lesson: current.Lesson);
        }
        if (current.Percent >= 100)
        {
            if (!learner.Rated.Contains(item.Index) && rng.Chance(0.6))
            {
                Rate(learner, item, session, t.AddSeconds(10));
            }
            if (item.Row.Kind == ContentKind.Course && rng.Chance(0.12))
            {
                OpenTicket(learner, TicketTopic.Certificate, t.AddDays(rng.Uniform(0.5, 5)), item, null, 0, null);
            }
        }
        return t;
    }

    private void Rate(DemoLearner learner, DemoItem item, string session, DateTime t)
    {
        var rng = learner.Rng;
        // Learners rate what they came for highly; the rest gets a spread of lukewarm scores.
        var rating = learner.Prefers(item.Topic)
            ? 5 - rng.PickWeighted([55, 35, 8, 2, 0])
            : 5 - rng.PickWeighted([15, 30, 30, 15, 10]);
        if (Emit(learner, EventType.Rate, t, item.Row.Id, session, null, $$"""{"rating":{{rating}}}""") is not null)
        {
            learner.Rated.Add(item.Index);
        }
    }

    private void StartMembership(DemoLearner learner, string session, DateTime t)
    {
        var rng = learner.Rng;
        var plan = rng.Chance(learner.PriceSensitive ? 0.15 : 0.35) ? MembershipPlan.Annual : MembershipPlan.Monthly;
        var price = PlanPrice(plan);
        if (Emit(learner, EventType.MembershipStart, t, null, session, price, $$"""{"plan":"{{PlanName(plan)}}"}""") is not { } e)
        {
            return;
        }
        AddMembership(learner, new Membership { LearnerId = learner.Id, Plan = plan, StartedAt = e.OccurredAt, ExpiresAt = NextExpiry(e.OccurredAt, plan) });
    }

    // ---------------------------------------------------------------- tickets

    private void OpenTicket(DemoLearner learner, TicketTopic topic, DateTime createdAt, DemoItem? item, Order? order, decimal amount,
        MembershipPlan? plan, int lesson = 1, string? coupon = null)
    {
        if (createdAt >= WindowEnd || createdAt < WindowStart)
        {
            return;
        }
        var rng = learner.Rng;
        createdAt = DemoCatalog.Truncate(createdAt);
        var chinese = learner.Chinese;
        var facts = new TicketFacts(item?.Row.Title ?? "", order?.Id ?? "", amount, order?.PlacedAt ?? createdAt, learner.Row.Device ?? "web",
            lesson, plan is { } p ? PlanName(p) : "monthly", coupon ?? "", learner.Pii.Name ?? "");
        var (subject, body) = DemoTickets.Write(rng, topic, chinese, facts);
        var priority = DemoTickets.Priority(rng, topic);
        var responseHours = priority switch { TicketPriority.Urgent => 0.5, TicketPriority.High => 1.5, TicketPriority.Normal => 3, _ => 6 };
        DateTime? responded = rng.Chance(0.93) ? DemoCatalog.Truncate(createdAt.AddHours(rng.LogNormal(responseHours, 1.0))) : null;
        var resolves = topic switch
        {
            TicketTopic.Billing => 0.88,
            TicketTopic.RefundRequest => 0.85,
            TicketTopic.VideoPlayback => 0.62,
            TicketTopic.LoginAccount => 0.8,
            TicketTopic.Certificate => 0.6,
            TicketTopic.CourseContent => 0.66,
            TicketTopic.Invoice => 0.9,
            TicketTopic.MembershipRenewal => 0.7,
            _ => 0.72,
        };
        // Stalled tickets are never resolved: the unresolved-ticket churn driver.
        DateTime? resolved = responded is { } r && rng.Chance(resolves) ? DemoCatalog.Truncate(r.AddHours(rng.LogNormal(20, 1.1))) : null;
        var status = resolved <= WindowEnd ? TicketStatus.Solved
            : responded <= WindowEnd ? (rng.Chance(0.5) ? TicketStatus.Pending : TicketStatus.Open)
            : TicketStatus.New;
        var row = new Ticket
        {
            LearnerId = learner.Id,
            Subject = subject,
            Body = body,
            Language = chinese ? "zh" : "en",
            Channel = DemoTickets.Channel(rng, chinese),
            Status = status,
            Priority = priority,
            CreatedAt = createdAt,
            FirstRespondedAt = responded <= WindowEnd ? responded : null,
            ResolvedAt = resolved <= WindowEnd ? resolved : null,
        };
        _tickets.Add((row, _rows++));
        learner.Tickets.Add(new DemoLearner.OpenTicket(row, resolved));
        if (resolved is null && rng.Chance(StalledTicketQuits))
        {
            learner.QuitAfter(createdAt.AddDays(rng.Uniform(2, 12)));
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
