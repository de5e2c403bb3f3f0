using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Profiles;
using OpsConsole.Support;

namespace OpsConsole.Retention.Churn;

/// <summary>
/// Point-in-time snapshots for the churn model. A snapshot at an as-of date D holds one row per learner who had not
/// churned yet at the start of D (platform time): active within <see cref="ChurnOptions.InactiveDays"/> before D, or
/// holding a paid-up membership. Every feature is computed only from what happened strictly before that instant —
/// behaviour events, payments and refunds, memberships and tickets as they stood then — never from today's profile.
/// <para>
/// Labels look after D (<see cref="ChurnOptions"/> defines churn): a row is positive when, at D + horizon, the learner
/// has been inactive for <see cref="ChurnOptions.InactiveDays"/> days without a paid-up membership, or when a membership
/// paid up at D runs out before D + horizon and is not paid again within <see cref="ChurnOptions.GraceDays"/>.
/// </para>
/// </summary>
public sealed class ChurnSnapshotBuilder(IDbContextFactory<OpsDbContext> contexts, PlatformTime time, IOptions<ChurnOptions> options, ProfileOptions money)
{
    private ChurnOptions Options => options.Value;

    /// <summary>Counts behaviour per day through LINQ even where a hand-written statement exists (to compare the two).</summary>
    public bool ReadThroughLinq { get; init; }

    /// <summary>Features of every learner not yet churned at the start of <paramref name="asOf"/>, for scoring.</summary>
    public async Task<IReadOnlyList<ChurnFeatures>> BuildAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var cut = time.StartOfDayUtc(asOf);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var history = await ChurnHistory.LoadAsync(db, time, money, cut, ReadThroughLinq, cancellationToken);
        return Snapshot(history, asOf).Select(s => s.Features).ToList();
    }

    /// <summary>
    /// Labelled rows for each date in <paramref name="asOfDates"/> (a learner appears once per date they qualify on).
    /// History is read once, up to the last instant any label needs.
    /// </summary>
    public async Task<IReadOnlyList<ChurnExample>> BuildLabelledAsync(IReadOnlyList<DateOnly> asOfDates, CancellationToken cancellationToken = default)
    {
        if (asOfDates.Count == 0)
        {
            return [];
        }
        var until = time.StartOfDayUtc(asOfDates.Max().AddDays(Options.LabelHorizonDays + Options.GraceDays));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var history = await ChurnHistory.LoadAsync(db, time, money, until, ReadThroughLinq, cancellationToken);
        var examples = new List<ChurnExample>();
        foreach (var date in asOfDates.Distinct().Order())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (features, learner) in Snapshot(history, date))
            {
                examples.Add(new ChurnExample(features, Churned(history, learner, date)));
            }
        }
        return examples;
    }

    /// <summary>
    /// The snapshot dates a training run on data complete before <paramref name="dataEnd"/> uses: the latest date whose
    /// labels are fully known, then every <see cref="ChurnOptions.SnapshotSpacingDays"/> back, at most
    /// <see cref="ChurnOptions.Snapshots"/>, none with less than <see cref="ChurnOptions.MinHistoryDays"/> of history.
    /// Oldest first; empty when the history is too short.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> TrainingDatesAsync(DateOnly dataEnd, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var first = await db.Events.MinAsync(e => (DateTime?)e.OccurredAt, cancellationToken);
        return first is { } f ? TrainingDates(Options, time.DayOf(f), dataEnd) : [];
    }

    internal static IReadOnlyList<DateOnly> TrainingDates(ChurnOptions options, DateOnly firstDay, DateOnly dataEnd)
    {
        var latest = dataEnd.AddDays(-(options.LabelHorizonDays + options.GraceDays));
        var earliest = firstDay.AddDays(options.MinHistoryDays);
        var dates = new List<DateOnly>();
        for (var d = latest; d >= earliest && dates.Count < options.Snapshots; d = d.AddDays(-options.SnapshotSpacingDays))
        {
            dates.Add(d);
        }
        dates.Reverse();
        return dates;
    }

    private IEnumerable<(ChurnFeatures Features, LearnerHistory Learner)> Snapshot(ChurnHistory history, DateOnly asOf)
    {
        var cut = time.StartOfDayUtc(asOf);
        var day = asOf.DayNumber;
        foreach (var (id, learner) in history.Learners.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var days = learner.Days.TakeWhile(d => d.Day < day).ToArray();
            if (days.Length == 0)
            {
                continue;
            }
            var membership = MembershipTimeline.At(learner, history.Horizon, cut);
            var idle = day - days[^1].Day;
            if (idle > Options.InactiveDays && !membership.PaidUp)
            {
                // Already churned: nothing left to predict.
                continue;
            }
            yield return (Features(id, learner, asOf, cut, days, membership), learner);
        }
    }

    private ChurnFeatures Features(string id, LearnerHistory learner, DateOnly asOf, DateTime cut, DayCounts[] days, MembershipAt membership)
    {
        var day = asOf.DayNumber;
        double Sum(int from, Func<DayCounts, int> value) => days.Where(d => d.Day >= day - from).Sum(value);
        var last3 = Sum(21, d => d.Actions);
        var previous3 = days.Where(d => d.Day >= day - 42 && d.Day < day - 21).Sum(d => d.Actions);

        var progress = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var lesson in learner.Lessons)
        {
            if (lesson.At >= cut)
            {
                break;
            }
            progress[lesson.ItemId] = Math.Max(progress.GetValueOrDefault(lesson.ItemId), lesson.Progress);
        }

        int orders = 0, orders90 = 0, discounted = 0, refunds = 0, refunds45 = 0;
        double spend = 0;
        DateTime? lastRefund = null;
        foreach (var e in learner.Money)
        {
            if (e.At >= cut)
            {
                break;
            }
            switch (e.Type)
            {
                case Ingestion.EventType.Purchase:
                    orders++;
                    orders90 += e.At >= cut.AddDays(-90) ? 1 : 0;
                    discounted += e.Discounted ? 1 : 0;
                    spend += e.Amount;
                    break;
                case Ingestion.EventType.Refund:
                    refunds++;
                    refunds45 += e.At >= cut.AddDays(-45) ? 1 : 0;
                    spend -= e.Amount;
                    lastRefund = e.At;
                    break;
                case Ingestion.EventType.MembershipStart or Ingestion.EventType.MembershipRenew:
                    spend += e.Amount;
                    break;
            }
        }

        int open = 0, stale = 0, tickets90 = 0, negative90 = 0;
        var ratings = new List<int>();
        foreach (var t in learner.Tickets)
        {
            if (t.CreatedAt >= cut)
            {
                break;
            }
            var unresolved = !(t.ResolvedAt < cut) && !(t.ClosedAt < cut);
            open += unresolved ? 1 : 0;
            stale += unresolved && t.CreatedAt <= cut.AddDays(-2) ? 1 : 0;
            if (t.CreatedAt >= cut.AddDays(-90))
            {
                tickets90++;
                negative90 += t.Sentiment <= -TicketTone.PolarityThreshold ? 1 : 0;
            }
            if (t.Csat is { } rating && t.CsatAt < cut)
            {
                ratings.Add(rating);
            }
        }

        // A learner the platform never described started on their first active day.
        var signup = learner.SignupAt is { } s && s < cut ? s : time.StartOfDayUtc(DateOnly.FromDayNumber(days[0].Day));
        return new ChurnFeatures
        {
            LearnerId = id,
            AsOf = asOf,
            TenureDays = Math.Max(0, Math.Floor((cut - signup).TotalDays)),
            DaysSinceActive = day - days[^1].Day,
            ActiveDays7 = days.Count(d => d.Day >= day - 7),
            ActiveDays30 = days.Count(d => d.Day >= day - 30),
            ActiveDays90 = days.Count(d => d.Day >= day - 90),
            ActionsLast3Weeks = last3,
            ActionsPrevious3Weeks = previous3,
            ActivityTrend = previous3 > 0 ? Math.Round((last3 - previous3) / previous3, 4) : double.NaN,
            Lessons30 = Sum(30, d => d.Lessons),
            CoursesStarted = progress.Count,
            LessonCompletion = progress.Count > 0 ? Math.Round(progress.Values.Average() / 100, 4) : double.NaN,
            Searches30 = Sum(30, d => d.Searches),
            RecommendationClicks30 = Sum(30, d => d.RecommendationClicks),
            Orders = orders,
            Orders90 = orders90,
            NetSpend = Math.Round(spend, 2),
            DiscountShare = orders > 0 ? Math.Round((double)discounted / orders, 4) : double.NaN,
            Refunds = refunds,
            Refunds45 = refunds45,
            DaysSinceRefund = lastRefund is { } r ? Math.Floor((cut - r).TotalDays) : double.NaN,
            Membership = membership.State,
            MembershipDaysLeft = membership.PaidUp ? Math.Floor((membership.Expires!.Value - cut).TotalDays) : double.NaN,
            DaysSinceLapse = membership.State == MembershipStates.Lapsed ? Math.Floor((cut - membership.Expires!.Value).TotalDays) : double.NaN,
            OpenTickets = open,
            StaleTickets = stale,
            Tickets90 = tickets90,
            NegativeTickets90 = negative90,
            CsatMean = ratings.Count > 0 ? Math.Round(ratings.Average(), 4) : double.NaN,
            Channel = learner.Channel,
            Device = learner.Device,
        };
    }

    private bool Churned(ChurnHistory history, LearnerHistory learner, DateOnly asOf)
    {
        var cut = time.StartOfDayUtc(asOf);
        var end = asOf.AddDays(Options.LabelHorizonDays);
        var endUtc = time.StartOfDayUtc(end);
        var atCut = MembershipTimeline.At(learner, history.Horizon, cut);
        if (atCut.PaidUp && atCut.Expires < endUtc
            && !MembershipTimeline.PaidBetween(learner, cut, atCut.Expires!.Value.AddDays(Options.GraceDays)))
        {
            return true;
        }
        var quietFrom = end.AddDays(-Options.InactiveDays).DayNumber;
        var activeLate = learner.Days.Any(d => d.Day >= quietFrom && d.Day < end.DayNumber);
        return !activeLate && !MembershipTimeline.At(learner, history.Horizon, endUtc).PaidUp;
    }
}
