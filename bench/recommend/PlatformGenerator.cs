using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Catalog;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Profiles;

namespace OpsConsole.Bench.Recommend;

/// <summary>What to generate: the demo's catalogue is fixed at a few hundred items, so the benchmark builds its own.</summary>
public sealed record PlatformSpec(int Learners, int Items, int Days, int Seed)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Learners}l-{Items}i-{Days}d-s{Seed}");
}

public sealed record PlatformSummary(int Items, int Learners, int LearnersWithHistory, long Events, int Orders, int Memberships, int Interests);

/// <summary>
/// A deterministic platform with the structure a recommender feeds on: items in topics, each topic a learning path;
/// learners with one to three favourite topics, a long-tailed appetite, and a habit of taking the next step of a path
/// they started. Touches become the events the platform sends (views, clicks, lesson progress, purchases with their
/// orders, refunds, ratings, shares, logins and searches). Rows go in through the product's own event store.
/// </summary>
public sealed class PlatformGenerator(PlatformSpec spec, DateTime windowEnd)
{
    private const int ItemsPerTopic = 50;
    private const int EventBatch = 20_000;
    private const int RowBatch = 5_000;

    private static readonly string[] TopicNames =
    [
        "ai", "cloud", "data", "backend", "frontend", "mobile", "devops", "security", "testing", "product",
        "design", "career", "english", "math", "algorithms", "databases", "golang", "rust", "java", "python",
        "dotnet", "cpp", "linux", "networking", "embedded", "gamedev", "blockchain", "finance", "marketing", "management",
        "writing", "photography", "music", "japanese", "exams", "os", "compilers", "distributed", "sre", "architecture",
    ];
    private static readonly (ContentKind Kind, string Prefix, string Word, double Weight)[] Kinds =
    [
        (ContentKind.Course, "C", "Course", 35), (ContentKind.Column, "K", "Column", 20), (ContentKind.LiveClass, "L", "Live class", 10),
        (ContentKind.EBook, "B", "E-book", 10), (ContentKind.Article, "A", "Article", 25),
    ];
    private static readonly string[] Channels = ["app_store", "wechat", "search_ads", "referral", "web", "mini_program"];
    private static readonly double[] ChannelWeights = [30, 25, 15, 10, 12, 8];
    private static readonly string[] Levels = ["Basics", "In Practice", "Deep Dive", "Patterns", "Interview Prep"];

    public DateTime WindowStart => windowEnd.AddDays(-spec.Days);

    public async Task<PlatformSummary> WriteAsync(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, Action<string> progress)
    {
        var items = Catalogue();
        var learners = Learners(items.Length);
        await InsertAsync(contexts, items.Select(i => i.Row));
        await InsertAsync(contexts, learners.Select(l => l.Row));
        progress(string.Create(CultureInfo.InvariantCulture, $"{items.Length:N0} items and {learners.Length:N0} learners written; simulating their events..."));

        var store = new EventStore(contexts, database, new FixedClock(windowEnd));
        var orders = new List<Order>();
        var refunds = new List<Refund>();
        var memberships = new List<Membership>();
        var interests = new List<LearnerInterest>();
        var pending = new List<BehaviorEvent>(EventBatch + 1_000);
        Task<AppendResult>? writing = null;
        long events = 0;
        var withHistory = 0;
        for (var l = 0; l < learners.Length; l++)
        {
            var touched = Simulate(learners[l], items, pending, orders, refunds, memberships, interests);
            withHistory += touched > 0 ? 1 : 0;
            if (pending.Count >= EventBatch || l == learners.Length - 1)
            {
                if (writing is not null)
                {
                    events += (await writing).Inserted;
                }
                var batch = pending;
                pending = new List<BehaviorEvent>(EventBatch + 1_000);
                // Writing one batch while simulating the next keeps both cores busy.
                writing = Task.Run(() => store.AppendAsync(batch));
            }
            if ((l + 1) % 10_000 == 0)
            {
                progress(string.Create(CultureInfo.InvariantCulture, $"  {l + 1:N0} learners simulated, {events:N0} events stored"));
            }
        }
        if (writing is not null)
        {
            events += (await writing).Inserted;
        }
        await InsertAsync(contexts, orders);
        await InsertAsync(contexts, refunds);
        await InsertAsync(contexts, memberships);
        await InsertAsync(contexts, interests);
        return new PlatformSummary(items.Length, learners.Length, withHistory, events, orders.Count, memberships.Count, interests.Count);
    }

    private sealed record BenchItem(CatalogItem Row, int Index, int Topic, int Step, double Popularity, bool HasLessons);

    private sealed record BenchLearner(Learner Row, int Index, int[] Favourites, int Touches, bool Member);

    private BenchItem[] Catalogue()
    {
        var rng = new Random(spec.Seed);
        var topics = (spec.Items + ItemsPerTopic - 1) / ItemsPerTopic;
        var items = new BenchItem[spec.Items];
        var kindWeights = Kinds.Select(k => k.Weight).ToArray();
        for (var t = 0; t < topics; t++)
        {
            // A few hits per topic and a long tail, in an order unrelated to the path.
            var ranks = Enumerable.Range(0, ItemsPerTopic).OrderBy(_ => rng.Next()).ToArray();
            for (var step = 0; step < ItemsPerTopic && t * ItemsPerTopic + step < spec.Items; step++)
            {
                var index = t * ItemsPerTopic + step;
                var kind = Kinds[Pick(kindWeights, rng)];
                var topic = Topic(t);
                var published = rng.NextDouble() < 0.85
                    ? WindowStart.AddDays(-rng.Next(1, 1_000))
                    : WindowStart.AddDays(rng.NextDouble() * spec.Days * 0.85);
                DateTime? retired = rng.NextDouble() < 0.03 ? WindowStart.AddDays(rng.NextDouble() * spec.Days) : null;
                var row = new CatalogItem
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"{kind.Prefix}-{topic}-{step:D3}"),
                    Kind = kind.Kind,
                    Title = string.Create(CultureInfo.InvariantCulture, $"{Title(topic)} {Levels[step % Levels.Length]} ({kind.Word} {step + 1})"),
                    Topic = topic,
                    Tags = string.Create(CultureInfo.InvariantCulture, $"{topic},{topic}-{step / 10}"),
                    Price = kind.Kind == ContentKind.Article ? 0m : new[] { 29m, 49m, 99m, 129m, 199m, 299m, 399m }[rng.Next(7)],
                    Currency = "CNY",
                    Level = (ContentLevel)(step * 3 / ItemsPerTopic),
                    PublishedAt = Second(published),
                    RetiredAt = retired is { } r ? Second(r) : null,
                    UpdatedAt = Second(published),
                };
                var popularity = 1.0 / Math.Pow(ranks[step] + 1, 0.9);
                items[index] = new BenchItem(row, index, t, step, popularity,
                    kind.Kind is ContentKind.Course or ContentKind.Column or ContentKind.EBook);
            }
        }
        return items;
    }

    private BenchLearner[] Learners(int itemCount)
    {
        var rng = new Random(spec.Seed + 1);
        var topics = (itemCount + ItemsPerTopic - 1) / ItemsPerTopic;
        var topicWeights = Enumerable.Range(0, topics).Select(t => 1.0 / Math.Pow(t + 1, 0.6)).ToArray();
        var learners = new BenchLearner[spec.Learners];
        for (var i = 0; i < learners.Length; i++)
        {
            var signup = rng.NextDouble() < 0.7
                ? WindowStart.AddDays(-rng.NextDouble() * 700)
                : WindowStart.AddDays(rng.NextDouble() * spec.Days);
            var favourites = new int[1 + Pick([50, 35, 15], rng)];
            for (var f = 0; f < favourites.Length; f++)
            {
                favourites[f] = Pick(topicWeights, rng);
            }
            // Appetite is long-tailed: most learners touch a handful of items, a few touch hundreds; 5 % only browse.
            var touches = rng.NextDouble() < 0.05 ? 0 : (int)Math.Min(300, 4 * Math.Pow(1 - rng.NextDouble(), -0.65));
            var row = new Learner
            {
                Id = LearnerId(i),
                SignupAt = Second(signup),
                Channel = Channels[Pick(ChannelWeights, rng)],
                Region = rng.NextDouble() < 0.9 ? "CN" : "SG",
                Device = rng.NextDouble() < 0.6 ? "ios" : "android",
                Locale = "zh-CN",
                CreatedAt = Second(signup),
                UpdatedAt = Second(signup),
            };
            learners[i] = new BenchLearner(row, i, favourites, touches, rng.NextDouble() < 0.08);
        }
        return learners;
    }

    public static string LearnerId(int index) => string.Create(CultureInfo.InvariantCulture, $"L{index:D6}");

    private int Simulate(BenchLearner learner, BenchItem[] items, List<BehaviorEvent> events, List<Order> orders, List<Refund> refunds,
        List<Membership> memberships, List<LearnerInterest> interests)
    {
        var rng = new Random(unchecked(spec.Seed * 1_000_003 + learner.Index));
        var id = learner.Row.Id;
        var from = learner.Row.SignupAt > WindowStart ? learner.Row.SignupAt : WindowStart;
        var span = (windowEnd - from).TotalSeconds;
        var eventNumber = 0;
        void Add(EventType type, DateTime at, string? itemId, decimal? amount = null, string? properties = null)
        {
            if (at >= windowEnd)
            {
                return;
            }
            events.Add(new BehaviorEvent
            {
                EventId = EventId(rng),
                LearnerId = id,
                Type = type,
                OccurredAt = Second(at),
                ItemId = itemId,
                SessionId = string.Create(CultureInfo.InvariantCulture, $"s-{id}-{(at - WindowStart).Days}"),
                Amount = amount,
                Currency = amount is null ? null : "CNY",
                Properties = properties,
            });
            eventNumber++;
        }

        if (learner.Row.SignupAt >= WindowStart)
        {
            Add(EventType.Signup, learner.Row.SignupAt, null);
        }
        if (rng.NextDouble() < 0.6)
        {
            var stated = new HashSet<int>();
            for (var f = 0; f < learner.Favourites.Length; f++)
            {
                if (stated.Add(learner.Favourites[f]))
                {
                    interests.Add(new LearnerInterest { LearnerId = id, Tag = Topic(learner.Favourites[f]), Weight = Math.Round(1.0 / (f + 1), 3) });
                }
            }
        }
        if (learner.Member)
        {
            var started = from.AddSeconds(rng.NextDouble() * span * 0.8);
            var annual = rng.NextDouble() < 0.4;
            memberships.Add(new Membership
            {
                LearnerId = id,
                Plan = annual ? MembershipPlan.Annual : MembershipPlan.Monthly,
                StartedAt = Second(started),
                ExpiresAt = Second(started.AddDays(annual ? 365 : 30)),
            });
            Add(EventType.MembershipStart, started, null, annual ? 499m : 59m);
        }
        if (learner.Touches == 0)
        {
            Add(EventType.Login, from.AddSeconds(rng.NextDouble() * span), null);
            return 0;
        }

        var times = new double[learner.Touches];
        for (var t = 0; t < times.Length; t++)
        {
            times[t] = rng.NextDouble() * span;
        }
        Array.Sort(times);
        var lastStep = new Dictionary<int, int>();
        var taken = new HashSet<int>();
        var favouriteWeights = new[] { 0.6, 0.3, 0.1 }.AsSpan(0, learner.Favourites.Length).ToArray();
        var topicCount = (items.Length + ItemsPerTopic - 1) / ItemsPerTopic;
        foreach (var offset in times)
        {
            var at = from.AddSeconds(offset);
            var topic = rng.NextDouble() < 0.85 ? learner.Favourites[Pick(favouriteWeights, rng)] : rng.Next(topicCount);
            var item = ChooseItem(items, topic, lastStep, taken, rng);
            if (item is null)
            {
                continue;
            }
            taken.Add(item.Index);
            lastStep[topic] = Math.Max(lastStep.GetValueOrDefault(topic, -1), item.Step);
            if (item.Row.PublishedAt > at || item.Row.RetiredAt <= at)
            {
                continue;
            }
            Add(EventType.Login, at.AddMinutes(-1), null);
            if (rng.NextDouble() < 0.2)
            {
                Add(EventType.Search, at.AddSeconds(-30), null, properties: $$"""{"query":"{{item.Row.Topic}}"}""");
            }
            var views = 1 + (int)(-Math.Log(1 - rng.NextDouble()) * 1.2);
            for (var v = 0; v < views; v++)
            {
                Add(EventType.View, at.AddHours(v * rng.NextDouble() * 48), item.Row.Id,
                    properties: string.Create(CultureInfo.InvariantCulture, $$"""{"dwellSeconds":{{rng.Next(5, 900)}}}"""));
            }
            if (rng.NextDouble() < 0.3)
            {
                Add(EventType.Click, at.AddSeconds(20), item.Row.Id);
            }
            var bought = false;
            if (item.Row.Price > 0 && rng.NextDouble() < 0.18)
            {
                var orderId = string.Create(CultureInfo.InvariantCulture, $"o-{id}-{orders.Count}");
                var placed = at.AddMinutes(rng.Next(2, 180));
                if (placed < windowEnd)
                {
                    bought = true;
                    orders.Add(new Order { Id = orderId, LearnerId = id, ItemId = item.Row.Id, Amount = item.Row.Price, PlacedAt = Second(placed) });
                    Add(EventType.Purchase, placed, item.Row.Id, item.Row.Price, $$"""{"orderId":"{{orderId}}"}""");
                    if (rng.NextDouble() < 0.04 && placed.AddDays(3) < windowEnd)
                    {
                        refunds.Add(new Refund { Id = "r-" + orderId, OrderId = orderId, Amount = item.Row.Price, RefundedAt = Second(placed.AddDays(3)) });
                        Add(EventType.Refund, placed.AddDays(3), item.Row.Id, item.Row.Price, $$"""{"orderId":"{{orderId}}"}""");
                    }
                }
            }
            if (item.HasLessons && (bought || item.Row.Price == 0 || learner.Member) && rng.NextDouble() < 0.6)
            {
                var lessons = 1 + rng.Next(8);
                for (var n = 0; n < lessons; n++)
                {
                    Add(EventType.LessonProgress, at.AddHours(4 + n * 24 * rng.NextDouble() * 3), item.Row.Id,
                        properties: string.Create(CultureInfo.InvariantCulture, $$"""{"lesson":{{n + 1}},"percent":{{rng.Next(10, 101)}}}"""));
                }
            }
            if (rng.NextDouble() < 0.06)
            {
                Add(EventType.Rate, at.AddDays(1), item.Row.Id, properties: string.Create(CultureInfo.InvariantCulture, $$"""{"stars":{{rng.Next(3, 6)}}}"""));
            }
            if (rng.NextDouble() < 0.03)
            {
                Add(EventType.Share, at.AddHours(2), item.Row.Id, properties: """{"target":"wechat"}""");
            }
        }
        return taken.Count;
    }

    /// <summary>Half the time the next step of a path the learner is on, otherwise a popular item of the topic.</summary>
    private static BenchItem? ChooseItem(BenchItem[] items, int topic, Dictionary<int, int> lastStep, HashSet<int> taken, Random rng)
    {
        var first = topic * ItemsPerTopic;
        var count = Math.Min(ItemsPerTopic, items.Length - first);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            int step;
            if (lastStep.TryGetValue(topic, out var last) && rng.NextDouble() < 0.5)
            {
                step = last + 1 + rng.Next(3);
                if (step >= count)
                {
                    step = rng.Next(count);
                }
            }
            else
            {
                var weights = new double[count];
                for (var s = 0; s < count; s++)
                {
                    // Early steps draw beginners; later ones need the path.
                    weights[s] = items[first + s].Popularity * (s < 10 ? 2 : 1);
                }
                step = Pick(weights, rng);
            }
            if (!taken.Contains(first + step))
            {
                return items[first + step];
            }
        }
        return null;
    }

    private static string Topic(int t) => t < TopicNames.Length
        ? TopicNames[t]
        : string.Create(CultureInfo.InvariantCulture, $"{TopicNames[t % TopicNames.Length]}{t / TopicNames.Length + 1}");

    private static string Title(string topic) => char.ToUpperInvariant(topic[0]) + topic[1..];

    private static int Pick(double[] weights, Random rng)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }
        var x = rng.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    private static string EventId(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)(bytes[7] & 0x0F | 0x40);
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80);
        return new Guid(bytes).ToString("D");
    }

    private static DateTime Second(DateTime value) => new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static async Task InsertAsync<T>(IDbContextFactory<OpsDbContext> contexts, IEnumerable<T> rows) where T : class
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var chunk in rows.Chunk(RowBatch))
        {
            db.Set<T>().AddRange(chunk);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    private sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }
}
