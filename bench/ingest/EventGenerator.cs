using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpsConsole.Ingestion;

namespace OpsConsole.Bench.Ingest;

/// <summary>
/// Writes a deterministic, demo-like stream of behaviour events twice: as NDJSON (what the platform sends to the API)
/// and as CSV with the stored columns of the Events table (what the databases' own bulk loaders read).
/// The same seed always gives the same rows, so runs on different days compare.
/// </summary>
public sealed class EventGenerator(int events, int learners, int seed = 20260301)
{
    /// <summary>Fixed, in the past: the API rejects events more than a few minutes ahead of its clock.</summary>
    public static readonly DateTime WindowStart = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    public const int WindowDays = 180;
    private const int CatalogSize = 2_000;

    /// <summary>Chinese search terms travel as UTF-8, as the platform sends them, not as \u escapes.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The stored value of ReceivedAt in the CSV; the API stamps its own clock instead.</summary>
    private static readonly DateTime ReceivedAt = WindowStart.AddDays(WindowDays).AddHours(1);

    private static readonly (EventType Type, double Weight)[] Mix =
    [
        (EventType.View, 34), (EventType.LessonProgress, 24), (EventType.Login, 12), (EventType.Search, 9),
        (EventType.Click, 7), (EventType.RecommendationImpression, 6), (EventType.RecommendationClick, 2),
        (EventType.Purchase, 2.5), (EventType.Rate, 1.5), (EventType.Share, 1), (EventType.Refund, 0.2),
        (EventType.MembershipStart, 0.3), (EventType.MembershipRenew, 0.2),
    ];

    private static readonly string[] Queries =
    [
        "rust async", "kubernetes operator", "system design interview", "golang concurrency", "react hooks", "postgres indexing",
        "machine learning basics", "distributed transactions", "jvm tuning", "linux kernel", "英语口语", "产品经理", "数据分析 python",
        "leetcode", "microservices", "redis cluster", "typescript generics", "dotnet performance", "llm prompt", "网络安全",
    ];
    private static readonly string[] Referrers = ["home", "search", "recommendation", "share", "push", "column"];
    private static readonly string[] Pages = ["detail", "list", "player", "checkout"];
    private static readonly string[] Devices = ["ios", "android", "web", "mini_program", "ipad"];
    private static readonly string[] Modules = ["home_feed", "course_list", "search_results", "related", "banner"];
    private static readonly string[] ShareTargets = ["wechat", "moments", "weibo", "link"];
    private static readonly string[] Plans = ["monthly", "quarterly", "yearly"];
    private static readonly string[] Channels = ["app", "web", "mini_program"];

    public sealed record Summary(int Events, int Learners, long NdjsonBytes, long CsvBytes);

    public Summary Write(string ndjsonPath, string csvPath)
    {
        var rng = new Random(seed);
        var learnerWeights = Cumulative(learners, rank => 1.0 / Math.Pow(rank + 1, 0.7));
        var itemWeights = Cumulative(CatalogSize, rank => 1.0 / Math.Pow(rank + 1, 0.9));
        var typeWeights = Cumulative(Mix.Length, i => Mix[i].Weight);
        var hourWeights = Cumulative(24, HourWeight);
        var items = Enumerable.Range(0, CatalogSize).Select(i => Item(i, rng)).ToArray();
        var learnerIds = Enumerable.Range(0, learners).Select(i => $"u{1_000_000 + i * 7919 % 9_000_000:D7}").ToArray();

        // Draw first, then sort by time: a live feed arrives roughly in the order things happened.
        var drafts = new Draft[events];
        var ids = new HashSet<Guid>(events);
        for (var i = 0; i < events; i++)
        {
            Guid id;
            do { id = NewId(rng); } while (!ids.Add(id));
            var day = rng.Next(WindowDays);
            var at = WindowStart.AddDays(day).AddHours(Pick(hourWeights, rng)).AddMilliseconds(rng.Next(3_600_000));
            drafts[i] = new Draft(id, Pick(learnerWeights, rng), Mix[Pick(typeWeights, rng)].Type, at, rng.Next());
        }
        Array.Sort(drafts, (a, b) => a.At.CompareTo(b.At));

        var used = new HashSet<int>();
        using var ndjson = new FileStream(ndjsonPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using var csv = new StreamWriter(csvPath, false, new UTF8Encoding(false), 1 << 20);
        csv.NewLine = "\n";
        var line = new ArrayBufferWriterStream();
        var props = new ArrayBufferWriterStream();
        for (var i = 0; i < drafts.Length; i++)
        {
            var d = drafts[i];
            used.Add(d.Learner);
            var detail = new Random(d.DetailSeed);
            var e = Build(d, learnerIds[d.Learner], items, itemWeights, detail, props);
            WriteJsonLine(e, line);
            ndjson.Write(line.WrittenSpan);
            WriteCsvRow(i + 1, e, csv);
        }
        csv.Flush();
        return new Summary(events, used.Count, ndjson.Length, csv.BaseStream.Length);
    }

    private sealed record Draft(Guid Id, int Learner, EventType Type, DateTime At, int DetailSeed);

    private sealed record Row(
        string EventId, string LearnerId, EventType Type, DateTime OccurredAt, string? ItemId, string SessionId,
        decimal? Amount, string? Currency, string Properties);

    private sealed record CatalogEntry(string Id, decimal PriceCny, int Lessons);

    private static Row Build(Draft d, string learnerId, CatalogEntry[] items, double[] itemWeights, Random rng, ArrayBufferWriterStream buffer)
    {
        var item = items[Pick(itemWeights, rng)];
        var session = $"s-{learnerId}-{(d.At - WindowStart).Days:D3}-{rng.Next(3)}";
        string? itemId = item.Id;
        decimal? amount = null;
        string? currency = null;
        buffer.Clear();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            switch (d.Type)
            {
                case EventType.View:
                    w.WriteString("page", Pages[rng.Next(Pages.Length)]);
                    w.WriteString("referrer", Referrers[rng.Next(Referrers.Length)]);
                    w.WriteNumber("dwellSeconds", rng.Next(2, 900));
                    break;
                case EventType.LessonProgress:
                    w.WriteNumber("lesson", rng.Next(1, item.Lessons + 1));
                    w.WriteNumber("percent", rng.Next(0, 21) * 5);
                    w.WriteNumber("seconds", rng.Next(30, 3_600));
                    w.WriteNumber("speed", rng.Next(4) switch { 0 => 1.0, 1 => 1.25, 2 => 1.5, _ => 2.0 });
                    break;
                case EventType.Login:
                    itemId = null;
                    w.WriteString("device", Devices[rng.Next(Devices.Length)]);
                    w.WriteString("appVersion", $"5.{rng.Next(2, 6)}.{rng.Next(0, 10)}");
                    w.WriteBoolean("firstOfDay", rng.Next(3) == 0);
                    break;
                case EventType.Search:
                    itemId = null;
                    w.WriteString("query", Queries[rng.Next(Queries.Length)]);
                    w.WriteNumber("results", rng.Next(0, 240));
                    break;
                case EventType.Click:
                case EventType.RecommendationClick:
                    w.WriteString("module", Modules[rng.Next(Modules.Length)]);
                    w.WriteNumber("position", rng.Next(1, 21));
                    break;
                case EventType.RecommendationImpression:
                    w.WriteString("slot", rng.Next(2) == 0 ? "home" : "detail");
                    w.WriteNumber("rank", rng.Next(1, 11));
                    w.WriteString("model", "ease-v3");
                    break;
                case EventType.Purchase:
                case EventType.Refund:
                    (amount, currency) = rng.Next(20) == 0 ? (Math.Round(item.PriceCny / 7.1m, 2), "USD") : (item.PriceCny, "CNY");
                    w.WriteString("orderId", $"o-{rng.Next(100_000_000):D8}");
                    w.WriteString("channel", Channels[rng.Next(Channels.Length)]);
                    if (rng.Next(4) == 0) { w.WriteString("coupon", $"SPRING{rng.Next(10, 60)}"); } else { w.WriteNull("coupon"); }
                    break;
                case EventType.Rate:
                    w.WriteNumber("stars", rng.Next(1, 6));
                    break;
                case EventType.Share:
                    w.WriteString("target", ShareTargets[rng.Next(ShareTargets.Length)]);
                    break;
                case EventType.MembershipStart:
                case EventType.MembershipRenew:
                    itemId = null;
                    w.WriteString("plan", Plans[rng.Next(Plans.Length)]);
                    w.WriteBoolean("autoRenew", rng.Next(2) == 0);
                    break;
            }
            w.WriteEndObject();
        }
        return new Row(d.Id.ToString(), learnerId, d.Type, d.At, itemId, session, amount, currency, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteJsonLine(Row e, ArrayBufferWriterStream line)
    {
        line.Clear();
        using (var w = new Utf8JsonWriter(line, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("eventId", e.EventId);
            w.WriteString("learnerId", e.LearnerId);
            w.WriteString("type", e.Type.ToWireName());
            w.WriteString("occurredAt", e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            if (e.ItemId is not null) { w.WriteString("itemId", e.ItemId); }
            w.WriteString("sessionId", e.SessionId);
            if (e.Amount is { } amount) { w.WriteNumber("amount", amount); }
            if (e.Currency is not null) { w.WriteString("currency", e.Currency); }
            w.WritePropertyName("properties");
            w.WriteRawValue(e.Properties, skipInputValidation: true);
            w.WriteEndObject();
        }
        line.WriteByte((byte)'\n');
    }

    /// <summary>Columns and text forms as the store keeps them (SQLite's DateTime text, the enum's name for Type).</summary>
    public const string CsvColumns = "Seq,EventId,LearnerId,Type,OccurredAt,ReceivedAt,ItemId,SessionId,Amount,Currency,Properties";

    private static void WriteCsvRow(long seq, Row e, StreamWriter csv)
    {
        const string stamp = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
        csv.Write(seq.ToString(CultureInfo.InvariantCulture));
        csv.Write(',');
        csv.Write(e.EventId);
        csv.Write(',');
        csv.Write(e.LearnerId);
        csv.Write(',');
        csv.Write(e.Type.ToString());
        csv.Write(',');
        csv.Write(e.OccurredAt.ToString(stamp, CultureInfo.InvariantCulture));
        csv.Write(',');
        csv.Write(ReceivedAt.ToString(stamp, CultureInfo.InvariantCulture));
        csv.Write(',');
        csv.Write(e.ItemId);
        csv.Write(',');
        csv.Write(e.SessionId);
        csv.Write(',');
        csv.Write(e.Amount?.ToString(CultureInfo.InvariantCulture));
        csv.Write(',');
        csv.Write(e.Currency);
        csv.Write(',');
        csv.Write('"');
        csv.Write(e.Properties.Replace("\"", "\"\"", StringComparison.Ordinal));
        csv.Write('"');
        csv.Write('\n');
    }

    private static CatalogEntry Item(int i, Random rng)
    {
        var (kind, prices, lessons) = (i % 10) switch
        {
            < 5 => ("course", new[] { 99m, 129m, 199m, 299m, 399m, 699m }, rng.Next(12, 80)),
            < 8 => ("column", new[] { 49m, 69m, 99m, 129m }, rng.Next(20, 60)),
            8 => ("live", new[] { 9.9m, 19.9m, 29m }, 1),
            _ => ("ebook", new[] { 19.9m, 39m, 59m }, rng.Next(8, 30)),
        };
        return new CatalogEntry($"{kind}-{i:D4}", prices[rng.Next(prices.Length)], lessons);
    }

    /// <summary>Evenings and lunch breaks are busy, small hours quiet.</summary>
    private static double HourWeight(int hour) => hour switch
    {
        < 6 => 0.3,
        < 9 => 1.0,
        < 12 => 1.4,
        < 14 => 1.8,
        < 19 => 1.3,
        < 23 => 2.6,
        _ => 1.0,
    };

    private static Guid NewId(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, as the platform's own UUIDs
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static double[] Cumulative(int count, Func<int, double> weight)
    {
        var sums = new double[count];
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            total += weight(i);
            sums[i] = total;
        }
        for (var i = 0; i < count; i++)
        {
            sums[i] /= total;
        }
        return sums;
    }

    private static int Pick(double[] cumulative, Random rng)
    {
        var index = Array.BinarySearch(cumulative, rng.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}

/// <summary>A growable in-memory stream that can be reset without reallocating.</summary>
internal sealed class ArrayBufferWriterStream : MemoryStream
{
    public ReadOnlySpan<byte> WrittenSpan => GetBuffer().AsSpan(0, (int)Length);

    public void Clear() => SetLength(0);
}
