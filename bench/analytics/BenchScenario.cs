using System.Globalization;
using OpsConsole.Analytics;

namespace OpsConsole.Bench.Analytics;

/// <summary>
/// The platform under test and the question each query asks of it. The demo platform's zone is Asia/Shanghai (UTC+8, no
/// daylight saving), which is what lets the hand-written SQL bucket days by adding eight hours.
/// </summary>
public sealed class BenchScenario
{
    public const string Zone = "Asia/Shanghai";
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public BenchScenario(int learners, int days, int seed, DateOnly endDate)
    {
        Learners = learners;
        Days = days;
        Seed = seed;
        EndDate = endDate;
        FirstDay = endDate.AddDays(1 - days);
        // "Now" is the moment the generated window ends, so every period of the data has finished and nothing is in the future.
        NowUtc = StartOfDayUtc(endDate.AddDays(1));
    }

    public int Learners { get; }
    public int Days { get; }
    public int Seed { get; }
    public DateOnly EndDate { get; }
    public DateOnly FirstDay { get; }
    public DateTime NowUtc { get; }

    public static DateTime StartOfDayUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);

    /// <summary>12-week cohort retention: cohorts by first sign-up, a return is any other event in the k-th week after.</summary>
    public RetentionRequest Retention => new(Ingestion.EventType.Signup, null, CalendarPeriod.Week, 12, FirstDay, EndDate.AddDays(1));

    /// <summary>A 4-step purchase funnel over the whole window (To is exclusive), within a week of the entry.</summary>
    public FunnelRequest Funnel => new(
        [Ingestion.EventType.Search, Ingestion.EventType.View, Ingestion.EventType.Purchase, Ingestion.EventType.LessonProgress],
        168, FirstDay, EndDate.AddDays(1));

    /// <summary>
    /// The funnel the console's funnel page opens on: view, lesson, purchase within a week, entries over the last 30
    /// days. Its first step is the most frequent event, the case the entry pruning is for.
    /// </summary>
    public FunnelRequest ConsoleFunnel => new(
        [Ingestion.EventType.View, Ingestion.EventType.LessonProgress, Ingestion.EventType.Purchase], 168, EndDate.AddDays(-29), EndDate.AddDays(1));

    /// <summary>
    /// Paths after a lesson, five cleaned steps deep, over the last 30 days: the console's paths page opens on this event
    /// and range (at three steps; five is the deepest it offers).
    /// </summary>
    public PathsRequest Paths => new(Ingestion.EventType.LessonProgress, PathDirection.After, 5, EndDate.AddDays(-29), EndDate.AddDays(1), MaxEdges: 500);

    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Learners}-{Days}-{Seed}-{EndDate:yyyyMMdd}");
}
