using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Catalog;
using OpsConsole.Commerce;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Demo;

/// <summary>
/// One generated platform, read back through EF, shared by the tests that check its content and planted structure.
/// Large enough (2,000 learners, 120 days) for the churn drivers to show in plain counts; still a few seconds.
/// </summary>
public sealed class DemoPlatformFixture : IAsyncLifetime
{
    public static readonly DemoRequest Request = new(2000, 120, 42, new DateOnly(2026, 6, 30));

    private TestDatabase? _database;

    public DemoSummary Summary { get; private set; } = null!;
    public DateTime WindowStart { get; private set; }
    public DateTime WindowEnd { get; private set; }
    public List<Learner> Learners { get; private set; } = [];
    public Dictionary<string, CatalogItem> Catalog { get; private set; } = [];
    public List<Order> Orders { get; private set; } = [];
    public List<Refund> Refunds { get; private set; } = [];
    public List<Membership> Memberships { get; private set; } = [];
    public List<Ticket> Tickets { get; private set; } = [];
    public List<SupportAgent> Agents { get; private set; } = [];
    public List<TicketMessage> TicketMessages { get; private set; } = [];
    /// <summary>Purchase, refund and membership events (the ones that must match commerce rows).</summary>
    public List<BehaviorEvent> CommerceEvents { get; private set; } = [];
    public Dictionary<string, DateTime> LastEventAt { get; private set; } = [];
    /// <summary>Per learner: the topic they viewed most (ties broken by name).</summary>
    public Dictionary<string, string> TopViewedTopic { get; private set; } = [];
    public List<(string LearnerId, string ItemId, int Rating)> Ratings { get; private set; } = [];
    public EventScan Scan { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        (_database, var summary) = await DemoData.GenerateAsync(Request);
        Summary = summary;
        WindowEnd = DateTime.SpecifyKind(Request.EndDate.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc).AddHours(-8);
        WindowStart = WindowEnd.AddDays(-Request.Days);

        await using var db = await _database.Contexts.CreateDbContextAsync(ct);
        Learners = await db.Learners.AsNoTracking().Include(l => l.Pii).ToListAsync(ct);
        Catalog = await db.Catalog.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        Orders = await db.Orders.AsNoTracking().ToListAsync(ct);
        Refunds = await db.Refunds.AsNoTracking().ToListAsync(ct);
        Memberships = await db.Memberships.AsNoTracking().ToListAsync(ct);
        Tickets = await db.Tickets.AsNoTracking().ToListAsync(ct);
        Agents = await db.SupportAgents.AsNoTracking().ToListAsync(ct);
        TicketMessages = await db.TicketMessages.AsNoTracking().ToListAsync(ct);
        CommerceEvents = await db.Events.AsNoTracking()
            .Where(e => e.Type == EventType.Purchase || e.Type == EventType.Refund || e.Type == EventType.MembershipStart
                || e.Type == EventType.MembershipRenew || e.Type == EventType.MembershipCancel)
            .ToListAsync(ct);

        var views = await db.Events.Where(e => e.Type == EventType.View)
            .Join(db.Catalog, e => e.ItemId, c => c.Id, (e, c) => new { e.LearnerId, c.Topic })
            .GroupBy(x => new { x.LearnerId, x.Topic })
            .Select(g => new { g.Key.LearnerId, g.Key.Topic, Count = g.Count() })
            .ToListAsync(ct);
        TopViewedTopic = views.GroupBy(v => v.LearnerId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(v => v.Count).ThenBy(v => v.Topic, StringComparer.Ordinal).First().Topic);

        var rates = await db.Events.Where(e => e.Type == EventType.Rate).Select(e => new { e.LearnerId, e.ItemId, e.Properties }).ToListAsync(ct);
        Ratings = rates.Select(r => (r.LearnerId, r.ItemId!, JsonDocument.Parse(r.Properties!).RootElement.GetProperty("rating").GetInt32())).ToList();

        // Streamed rather than loaded: a quarter of a million events.
        var scan = new EventScan();
        await foreach (var e in db.Events.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            scan.Add(e);
            if (!LastEventAt.TryGetValue(e.LearnerId, out var last) || e.OccurredAt > last)
            {
                LastEventAt[e.LearnerId] = e.OccurredAt;
            }
        }
        Scan = scan;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Learners who signed up at least 30 days before the end, and whether they were silent for the last 21 days.</summary>
    public List<(Learner Learner, bool Churned)> ChurnPopulation()
    {
        var cutoff = WindowEnd.AddDays(-21);
        return Learners.Where(l => l.SignupAt < WindowEnd.AddDays(-30))
            .Select(l => (l, !LastEventAt.TryGetValue(l.Id, out var last) || last < cutoff))
            .ToList();
    }

    public sealed class EventScan
    {
        public int Count { get; private set; }
        public DateTime MinOccurredAt { get; private set; } = DateTime.MaxValue;
        public DateTime MaxOccurredAt { get; private set; } = DateTime.MinValue;
        public HashSet<EventType> Types { get; } = [];
        public HashSet<string> Learners { get; } = new(StringComparer.Ordinal);
        public HashSet<string> ReceivedAt { get; } = [];
        public int InvalidProperties { get; private set; }
        public int BadIds { get; private set; }
        public int OutOfOrder { get; private set; }
        private DateTime _previous = DateTime.MinValue;

        public void Add(BehaviorEvent e)
        {
            Count++;
            MinOccurredAt = e.OccurredAt < MinOccurredAt ? e.OccurredAt : MinOccurredAt;
            MaxOccurredAt = e.OccurredAt > MaxOccurredAt ? e.OccurredAt : MaxOccurredAt;
            Types.Add(e.Type);
            Learners.Add(e.LearnerId);
            ReceivedAt.Add(e.ReceivedAt.ToString("O"));
            if (!e.EventId.StartsWith("demo-", StringComparison.Ordinal))
            {
                BadIds++;
            }
            if (e.OccurredAt < _previous)
            {
                OutOfOrder++;
            }
            _previous = e.OccurredAt > _previous ? e.OccurredAt : _previous;
            if (e.Properties is not null)
            {
                try
                {
                    using var doc = JsonDocument.Parse(e.Properties);
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        InvalidProperties++;
                    }
                }
                catch (JsonException)
                {
                    InvalidProperties++;
                }
            }
        }
    }
}
