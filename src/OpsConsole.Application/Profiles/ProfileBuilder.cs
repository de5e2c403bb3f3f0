using System.Text.Json;
using OpsConsole.Analytics;
using OpsConsole.Commerce;
using OpsConsole.Ingestion;

namespace OpsConsole.Profiles;

/// <summary>One learner's profile, interests and the per-topic shares personas are clustered on.</summary>
public sealed record ProfileDraft(LearnerProfile Profile, IReadOnlyList<LearnerInterest> Interests, IReadOnlyDictionary<string, double> TopicShares);

/// <summary>
/// Derives a profile from one learner's events. A pure function of the events, the catalogue and the as-of
/// time, so the incremental path and the full rebuild agree by construction. RFM scores and the persona
/// depend on the whole population and are applied afterwards.
/// </summary>
public sealed class ProfileBuilder(ProfileOptions options, PlatformTime time)
{
    // How much one event says about what a learner cares for. Buying says most; a glance at a page least.
    private static readonly Dictionary<EventType, double> InterestSignal = new()
    {
        [EventType.View] = 1.0,
        [EventType.Click] = 0.5,
        [EventType.RecommendationClick] = 0.5,
        [EventType.LessonProgress] = 2.0,
        [EventType.Rate] = 1.5,
        [EventType.Share] = 1.5,
        [EventType.Purchase] = 5.0,
    };

    /// <param name="events">The learner's events in time order.</param>
    public ProfileDraft Build(string learnerId, string? knownDevice, IReadOnlyList<ProfileEvent> events,
        IReadOnlyDictionary<string, ItemFacts> catalog, DateTime asOf)
    {
        var p = new LearnerProfile { LearnerId = learnerId, ComputedAt = asOf, Events = events.Count };
        var tagWeights = new Dictionary<string, double>(StringComparer.Ordinal);
        var topicWeights = new Dictionary<string, double>(StringComparer.Ordinal);
        var activeDays = new SortedSet<DateOnly>();
        var hours = new int[24];
        var devices = new Dictionary<string, int>(StringComparer.Ordinal);
        var progress = new Dictionary<string, double>(StringComparer.Ordinal);
        var membership = new MembershipTrack();
        var ln2 = Math.Log(2) / options.InterestHalfLifeDays;

        foreach (var e in events)
        {
            if (e.OccurredAt > asOf)
            {
                continue;
            }
            p.FirstSeenAt ??= e.OccurredAt;
            if (e.Type.IsLearnerActivity())
            {
                p.LastActiveAt = e.OccurredAt;
                activeDays.Add(time.DayOf(e.OccurredAt));
                hours[TimeZoneInfo.ConvertTimeFromUtc(e.OccurredAt, time.Zone).Hour]++;
            }
            if (e.ItemId is { } itemId && InterestSignal.TryGetValue(e.Type, out var signal) && catalog.TryGetValue(itemId, out var item))
            {
                var weight = signal * Math.Exp(-ln2 * (asOf - e.OccurredAt).TotalDays);
                foreach (var tag in item.Tags)
                {
                    tagWeights[tag] = tagWeights.GetValueOrDefault(tag) + weight;
                }
                if (item.Topic.Length > 0)
                {
                    topicWeights[item.Topic] = topicWeights.GetValueOrDefault(item.Topic) + weight;
                }
            }
            switch (e.Type)
            {
                case EventType.Purchase:
                    p.Orders++;
                    p.OrderSpend += Convert(e);
                    p.LastPurchaseAt = e.OccurredAt;
                    Paid(p, e);
                    break;
                case EventType.Refund:
                    p.Refunds++;
                    p.RefundAmount += Convert(e);
                    break;
                case EventType.MembershipStart or EventType.MembershipRenew:
                    p.MembershipSpend += Convert(e);
                    Paid(p, e);
                    membership.Paid(e.OccurredAt, Plan(e.Properties), renewal: e.Type == EventType.MembershipRenew);
                    break;
                case EventType.MembershipCancel:
                    membership.Cancelled = true;
                    break;
                case EventType.LessonProgress when e.ItemId is { } course:
                    // "progress" is the course's completion in percent after this lesson; keep the furthest point reached.
                    progress[course] = Math.Max(progress.GetValueOrDefault(course), Math.Clamp(Progress(e.Properties), 0, 100));
                    break;
            }
            if (e.Type is EventType.Signup or EventType.Login && Device(e.Properties) is { } device)
            {
                devices[device] = devices.GetValueOrDefault(device) + 1;
            }
        }

        p.NetSpend = p.OrderSpend + p.MembershipSpend - p.RefundAmount;
        p.AverageOrderValue = p.Orders == 0 ? 0 : decimal.Round(p.OrderSpend / p.Orders, 2);
        (p.Membership, p.MembershipPlan, p.MembershipRenewsAt) = membership.StateAt(asOf);

        var today = time.DayOf(asOf);
        p.ActiveDays7 = activeDays.Count(d => today.DayNumber - d.DayNumber < 7);
        p.ActiveDays30 = activeDays.Count(d => today.DayNumber - d.DayNumber < 30);
        p.ActiveDays90 = activeDays.Count(d => today.DayNumber - d.DayNumber < 90);
        p.CurrentStreak = Streak(activeDays, today);
        p.CoursesStarted = progress.Count;
        p.CoursesCompleted = progress.Values.Count(percent => percent >= 100);
        p.LessonCompletionRate = progress.Count == 0 ? 0 : Math.Round(progress.Values.Average() / 100, 4);
        p.PreferredHour = hours.Any(h => h > 0) ? Array.IndexOf(hours, hours.Max()) : null;
        p.PreferredDevice = devices.Count > 0
            ? devices.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).First().Key
            : knownDevice;
        p.Lifecycle = LifecycleRules.Classify([.. activeDays], today, p.Membership is MembershipState.Active or MembershipState.Cancelling, options);

        var interests = Shares(tagWeights)
            .Take(options.InterestsKept)
            .Select(t => new LearnerInterest { LearnerId = learnerId, Tag = t.Key, Weight = t.Value })
            .ToList();
        p.TopInterests = string.Join(',', interests.Take(3).Select(i => i.Tag));
        return new ProfileDraft(p, interests, Shares(topicWeights).ToDictionary(StringComparer.Ordinal));
    }

    private decimal Convert(ProfileEvent e)
    {
        if (e.Amount is not { } amount)
        {
            return 0;
        }
        if (e.Currency is null || string.Equals(e.Currency, options.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return amount;
        }
        return options.ExchangeRates.TryGetValue(e.Currency.ToUpperInvariant(), out var rate) ? decimal.Round(amount * rate, 2) : 0;
    }

    private static void Paid(LearnerProfile p, ProfileEvent e)
    {
        p.Payments++;
        p.LastPaymentAt = e.OccurredAt;
    }

    // Rounded to 4 places so a rebuild and an incremental refresh store identical numbers.
    private static IEnumerable<KeyValuePair<string, double>> Shares(Dictionary<string, double> weights)
    {
        var total = weights.Values.Sum();
        return total <= 0
            ? []
            : weights.Select(w => KeyValuePair.Create(w.Key, Math.Round(w.Value / total, 4)))
                .OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal);
    }

    private static int Streak(SortedSet<DateOnly> days, DateOnly today)
    {
        // Today not yet studied does not break a streak that ran to yesterday.
        var day = days.Contains(today) ? today : today.AddDays(-1);
        var streak = 0;
        while (days.Contains(day))
        {
            streak++;
            day = day.AddDays(-1);
        }
        return streak;
    }

    private static MembershipPlan? Plan(string? properties) => ReadString(properties, "plan") switch
    {
        "annual" or "yearly" => MembershipPlan.Annual,
        "monthly" => MembershipPlan.Monthly,
        _ => null,
    };

    private static string? Device(string? properties) => ReadString(properties, "device") is { Length: > 0 and <= 32 } d ? d : null;

    private static double Progress(string? properties)
    {
        if (properties is null)
        {
            return 0;
        }
        try
        {
            using var doc = JsonDocument.Parse(properties);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("progress", out var g) && g.ValueKind == JsonValueKind.Number
                ? g.GetDouble()
                : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static string? ReadString(string? properties, string name)
    {
        if (properties is null)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(properties);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Membership from its payments: each payment extends from the later of now and the current expiry.</summary>
    private sealed class MembershipTrack
    {
        private DateTime? _expires;
        private MembershipPlan _plan = MembershipPlan.Monthly;
        public bool Cancelled { get; set; }

        public void Paid(DateTime at, MembershipPlan? plan, bool renewal)
        {
            if (!renewal || _expires is null || _expires < at)
            {
                _expires = at;
            }
            _plan = plan ?? _plan;
            _expires = _plan == MembershipPlan.Annual ? _expires.Value.AddYears(1) : _expires.Value.AddMonths(1);
            Cancelled = false;
        }

        public (MembershipState, MembershipPlan?, DateTime?) StateAt(DateTime asOf) => _expires switch
        {
            null => (MembershipState.None, null, null),
            { } e when e <= asOf => (MembershipState.Expired, _plan, null),
            { } e when Cancelled => (MembershipState.Cancelling, _plan, e),
            { } e => (MembershipState.Active, _plan, e),
        };
    }
}
