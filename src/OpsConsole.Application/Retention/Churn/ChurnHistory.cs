using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Profiles;
using OpsConsole.Support;

namespace OpsConsole.Retention.Churn;

/// <summary>
/// Everything the churn snapshots read, loaded once for every snapshot date and grouped per learner. Behaviour arrives
/// already counted per learner and platform day by the database (a few rows per active day instead of every event);
/// lessons, payments, refunds, memberships begun before the event history and tickets come as rows, being few.
/// Nothing at or after <c>until</c> is read.
/// </summary>
internal sealed class ChurnHistory
{
    /// <summary>
    /// Not the learner's own doing: impressions and exposures are the platform showing something, renewals are charged
    /// automatically and a resolved ticket is an agent's act.
    /// </summary>
    private static readonly EventType[] NotActivity =
        [EventType.RecommendationImpression, EventType.ExperimentExposure, EventType.MembershipRenew, EventType.TicketResolved];

    private static readonly EventType[] Money =
        [EventType.Purchase, EventType.Refund, EventType.MembershipStart, EventType.MembershipRenew, EventType.MembershipCancel];

    private ChurnHistory(DateTime? horizon, Dictionary<string, LearnerHistory> learners)
    {
        Horizon = horizon;
        Learners = learners;
    }

    /// <summary>The first event ever stored: memberships begun before it have no payment events, only their row.</summary>
    public DateTime? Horizon { get; }

    public Dictionary<string, LearnerHistory> Learners { get; }

    /// <param name="linq">Count days through LINQ on every provider (the path other providers take), for comparing the two.</param>
    public static async Task<ChurnHistory> LoadAsync(OpsDbContext db, PlatformTime time, ProfileOptions money, DateTime until, bool linq, CancellationToken ct)
    {
        var horizon = await db.Events.MinAsync(e => (DateTime?)e.OccurredAt, ct);
        var learners = new Dictionary<string, LearnerHistory>(StringComparer.Ordinal);
        LearnerHistory Of(string id)
        {
            if (!learners.TryGetValue(id, out var history))
            {
                learners[id] = history = new LearnerHistory();
            }
            return history;
        }

        if (horizon is { } first && first < until)
        {
            foreach (var (start, end, offset) in OffsetSpans(time.Zone, first, until))
            {
                foreach (var day in await DaysAsync(db, start, end, offset, linq, ct))
                {
                    Of(day.LearnerId).AddDay(day.Day, day.Actions, day.Lessons, day.Searches, day.RecommendationClicks);
                }
            }
        }

        var lessons = await db.Events.AsNoTracking()
            .Where(e => e.Type == EventType.LessonProgress && e.OccurredAt < until && e.ItemId != null)
            .Select(e => new { e.LearnerId, e.ItemId, e.OccurredAt, e.Properties })
            .ToListAsync(ct);
        foreach (var l in lessons)
        {
            Of(l.LearnerId).Lessons.Add(new LessonMark(l.OccurredAt, l.ItemId!, Math.Clamp(Number(l.Properties, "progress") ?? 0, 0, 100)));
        }

        var payments = await db.Events.AsNoTracking()
            .Where(e => Money.Contains(e.Type) && e.OccurredAt < until)
            .Select(e => new { e.LearnerId, e.Type, e.OccurredAt, e.Amount, e.Currency, e.Properties })
            .ToListAsync(ct);
        foreach (var p in payments)
        {
            var amount = Convert(p.Amount, p.Currency, money);
            var discounted = p.Type == EventType.Purchase
                && (Number(p.Properties, "listPrice") is { } list && (double)(p.Amount ?? 0) < list - 0.005 || Text(p.Properties, "coupon") is not null);
            var plan = Text(p.Properties, "plan") switch
            {
                "annual" or "yearly" => MembershipPlan.Annual,
                "monthly" => MembershipPlan.Monthly,
                _ => (MembershipPlan?)null,
            };
            Of(p.LearnerId).Money.Add(new MoneyEvent(p.OccurredAt, p.Type, amount, discounted, plan));
        }

        if (horizon is { } h)
        {
            var earlier = await db.Memberships.AsNoTracking()
                .Where(m => m.StartedAt < h)
                .Select(m => new { m.LearnerId, m.Plan, m.StartedAt, m.ExpiresAt, m.CancelledAt })
                .ToListAsync(ct);
            foreach (var m in earlier)
            {
                Of(m.LearnerId).EarlierMemberships.Add(new EarlierMembership(m.Plan, m.StartedAt, m.ExpiresAt, m.CancelledAt));
            }
        }

        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.CreatedAt < until)
            .Select(t => new { t.LearnerId, t.CreatedAt, t.ResolvedAt, t.ClosedAt, t.Sentiment, t.Subject, t.Body, t.CsatRating, t.CsatRatedAt })
            .ToListAsync(ct);
        foreach (var t in tickets)
        {
            // Tone is read from the learner's first message when the desk has not stored it: the text never changes later.
            var sentiment = t.Sentiment ?? TicketTone.DetectSentiment(t.Subject + "\n" + t.Body).Polarity;
            Of(t.LearnerId).Tickets.Add(new TicketFacts(t.CreatedAt, t.ResolvedAt, t.ClosedAt, sentiment, t.CsatRating, t.CsatRatedAt));
        }

        var known = await db.Learners.AsNoTracking()
            .Select(l => new { l.Id, l.SignupAt, l.Channel, l.Device })
            .ToListAsync(ct);
        foreach (var l in known)
        {
            if (learners.TryGetValue(l.Id, out var history))
            {
                history.SignupAt = l.SignupAt;
                history.Channel = l.Channel;
                history.Device = l.Device;
            }
        }
        foreach (var history in learners.Values)
        {
            history.Seal();
        }
        return new ChurnHistory(horizon, learners);
    }

    private sealed record DayRow(string LearnerId, int Day, int Actions, int Lessons, int Searches, int RecommendationClicks);

    /// <summary>
    /// The learner's own actions per platform day: <c>UTC + offset</c> truncated to its date is the local day while the
    /// offset holds. SQLite and PostgreSQL count with a hand-written statement that returns day numbers (reading date text
    /// through the value converters would cost more than the counting); other providers go through LINQ.
    /// </summary>
    private static Task<List<DayRow>> DaysAsync(OpsDbContext db, DateTime start, DateTime end, double offsetMinutes, bool linq, CancellationToken ct)
    {
        if (!linq && (db.Database.IsSqlite() || db.Database.IsNpgsql()))
        {
            var minutes = (int)Math.Round(offsetMinutes);
            var day = db.Database.IsSqlite()
                ? "CAST(julianday(\"OccurredAt\", @shift) - 1721425.5 AS INTEGER)"
                : "((\"OccurredAt\" AT TIME ZONE 'UTC' + make_interval(mins => @minutes))::date - DATE '0001-01-01')";
            var excluded = string.Join(", ", NotActivity.Select(t => $"'{AnalyticsSql.Stored(t)}'"));
            string CountOf(EventType type) => $"CAST(COUNT(CASE WHEN \"Type\" = '{AnalyticsSql.Stored(type)}' THEN 1 END) AS BIGINT)";
            var sql = $"""
                SELECT "LearnerId", {day}, CAST(COUNT(*) AS BIGINT), {CountOf(EventType.LessonProgress)}, {CountOf(EventType.Search)}, {CountOf(EventType.RecommendationClick)}
                FROM "Events"
                WHERE "OccurredAt" >= @start AND "OccurredAt" < @end AND "Type" NOT IN ({excluded})
                GROUP BY "LearnerId", {day}
                """;
            var parameters = new Dictionary<string, object> { ["@start"] = start, ["@end"] = end };
            if (db.Database.IsSqlite())
            {
                parameters["@shift"] = $"{(minutes >= 0 ? "+" : "")}{minutes} minutes";
            }
            else
            {
                parameters["@minutes"] = minutes;
            }
            return AnalyticsSql.QueryAsync(db, sql, parameters, r => new DayRow(r.GetString(0), System.Convert.ToInt32(r.GetValue(1)),
                System.Convert.ToInt32(r.GetValue(2)), System.Convert.ToInt32(r.GetValue(3)), System.Convert.ToInt32(r.GetValue(4)),
                System.Convert.ToInt32(r.GetValue(5))), ct);
        }
        var events = db.Events.AsNoTracking().Where(e => e.OccurredAt >= start && e.OccurredAt < end && !NotActivity.Contains(e.Type));
        var grouped = offsetMinutes == 0
            ? events.GroupBy(e => new { e.LearnerId, Day = e.OccurredAt.Date })
            : events.GroupBy(e => new { e.LearnerId, Day = e.OccurredAt.AddMinutes(offsetMinutes).Date });
        return grouped
            .Select(g => new
            {
                g.Key.LearnerId,
                g.Key.Day,
                Actions = g.Count(),
                Lessons = g.Count(e => e.Type == EventType.LessonProgress),
                Searches = g.Count(e => e.Type == EventType.Search),
                Clicks = g.Count(e => e.Type == EventType.RecommendationClick),
            })
            .AsAsyncEnumerable()
            .Select(r => new DayRow(r.LearnerId, DateOnly.FromDateTime(r.Day).DayNumber, r.Actions, r.Lessons, r.Searches, r.Clicks))
            .ToListAsync(ct)
            .AsTask();
    }

    /// <summary>
    /// [from, to) cut where the zone's UTC offset changes (daylight saving, or a change of the zone's rules), each piece
    /// with its offset in minutes; a zone without changes gives one piece.
    /// </summary>
    internal static IEnumerable<(DateTime Start, DateTime End, double OffsetMinutes)> OffsetSpans(TimeZoneInfo zone, DateTime from, DateTime to)
    {
        from = DateTime.SpecifyKind(from, DateTimeKind.Utc);
        to = DateTime.SpecifyKind(to, DateTimeKind.Utc);
        var start = from;
        var offset = zone.GetUtcOffset(start);
        // Zones change their offset on whole minutes, so probing from a whole minute finds the change exactly.
        var probe = new DateTime(from.Ticks - from.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        const int Step = 6 * 60;
        while (probe < to)
        {
            var next = probe.AddMinutes(Step);
            if (zone.GetUtcOffset(next) != offset)
            {
                int low = 0, high = Step;
                while (high - low > 1)
                {
                    var middle = (low + high) / 2;
                    (zone.GetUtcOffset(probe.AddMinutes(middle)) == offset ? ref low : ref high) = middle;
                }
                var change = probe.AddMinutes(high);
                if (change >= to)
                {
                    break;
                }
                if (change > start)
                {
                    yield return (start, change, offset.TotalMinutes);
                }
                start = change;
                offset = zone.GetUtcOffset(change);
            }
            probe = next;
        }
        yield return (start, to, offset.TotalMinutes);
    }

    private static double Convert(decimal? amount, string? currency, ProfileOptions options)
    {
        if (amount is not { } value)
        {
            return 0;
        }
        if (currency is null || string.Equals(currency.Trim(), options.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return (double)value;
        }
        return options.ExchangeRates.TryGetValue(currency.Trim().ToUpperInvariant(), out var rate) ? (double)(value * rate) : 0;
    }

    /// <summary>A number at the top level of an event's properties; read without building a document, as lessons are many.</summary>
    private static double? Number(string? properties, string name)
    {
        if (string.IsNullOrEmpty(properties) || !properties.Contains(name, StringComparison.Ordinal))
        {
            return null;
        }
        var bytes = System.Text.Encoding.UTF8.GetBytes(properties);
        var reader = new Utf8JsonReader(bytes);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                if (!reader.Read())
                {
                    return null;
                }
                if (match)
                {
                    return reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
                }
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(string? properties, string name)
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
}

internal readonly record struct DayCounts(int Day, int Actions, int Lessons, int Searches, int RecommendationClicks);

internal readonly record struct LessonMark(DateTime At, string ItemId, double Progress);

internal readonly record struct MoneyEvent(DateTime At, EventType Type, double Amount, bool Discounted, MembershipPlan? Plan);

internal readonly record struct EarlierMembership(MembershipPlan Plan, DateTime StartedAt, DateTime ExpiresAt, DateTime? CancelledAt);

internal readonly record struct TicketFacts(DateTime CreatedAt, DateTime? ResolvedAt, DateTime? ClosedAt, double Sentiment, int? Csat, DateTime? CsatAt);

/// <summary>One learner's loaded history, each list in time order once <see cref="Seal"/> ran.</summary>
internal sealed class LearnerHistory
{
    private readonly Dictionary<int, DayCounts> _days = [];

    public DateTime? SignupAt { get; set; }
    public string? Channel { get; set; }
    public string? Device { get; set; }
    public DayCounts[] Days { get; private set; } = [];
    public List<LessonMark> Lessons { get; } = [];
    public List<MoneyEvent> Money { get; } = [];
    public List<EarlierMembership> EarlierMemberships { get; } = [];
    public List<TicketFacts> Tickets { get; } = [];

    /// <summary>Adds to a day: a day cut by an offset change arrives in two parts.</summary>
    public void AddDay(int day, int actions, int lessons, int searches, int clicks)
    {
        var d = _days.GetValueOrDefault(day, new DayCounts(day, 0, 0, 0, 0));
        _days[day] = d with
        {
            Actions = d.Actions + actions,
            Lessons = d.Lessons + lessons,
            Searches = d.Searches + searches,
            RecommendationClicks = d.RecommendationClicks + clicks,
        };
    }

    public void Seal()
    {
        Days = [.. _days.Values.OrderBy(d => d.Day)];
        _days.Clear();
        Lessons.Sort((a, b) => a.At.CompareTo(b.At));
        Money.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Type.CompareTo(b.Type));
        EarlierMemberships.Sort((a, b) => a.StartedAt.CompareTo(b.StartedAt));
        Tickets.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
    }
}
