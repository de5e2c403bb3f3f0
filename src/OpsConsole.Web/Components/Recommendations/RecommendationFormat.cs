using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using OpsConsole.Analytics;
using OpsConsole.Recommendations;
using OpsConsole.Web.Resources;

namespace OpsConsole.Web.Components.Recommendations;

/// <summary>How the recommendation pages write figures, statuses, generators, reasons and rules in the reader's language.</summary>
public static class RecommendationFormat
{
    private static readonly CultureInfo Yuan = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>Ranking metrics read as the literature prints them (0.312), not as percentages.</summary>
    public static string Metric(double value) => value.ToString("0.000", CultureInfo.CurrentCulture);

    public static string Share(double fraction) => fraction.ToString("P1", CultureInfo.CurrentCulture);

    /// <summary>Click and purchase rates are small; two decimals tell 1.20 % from 1.24 %.</summary>
    public static string Rate(double fraction) => fraction.ToString("P2", CultureInfo.CurrentCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Money(decimal value) => value.ToString(Math.Abs(value) >= 10_000m ? "C0" : "C2", Yuan);

    /// <summary>Scores of one generator share a scale but generators do not, so a fixed precision keeps a column aligned.</summary>
    public static string Score(float value) => value.ToString(Math.Abs(value) >= 0.1 ? "0.000" : "0.0000", CultureInfo.CurrentCulture);

    public static string Seconds(double seconds) => seconds < 1
        ? (seconds * 1000).ToString("0", CultureInfo.CurrentCulture) + " ms"
        : seconds.ToString(seconds >= 10 ? "0" : "0.#", CultureInfo.CurrentCulture) + " s";

    public static string Duration(long milliseconds) => milliseconds switch
    {
        < 1_000 => $"{milliseconds} ms",
        < 60_000 => Seconds(milliseconds / 1000.0),
        _ => TimeSpan.FromMilliseconds(milliseconds).ToString(@"m\:ss", CultureInfo.InvariantCulture) + " min",
    };

    /// <summary>A signed difference in percentage points, for rates compared between versions.</summary>
    public static string Points(double difference) =>
        (difference * 100).ToString("+0.00;−0.00;0.00", CultureInfo.CurrentCulture) + " pp";

    /// <summary>The change from <paramref name="baseline"/> to <paramref name="value"/> as a signed percentage; null when there is no baseline.</summary>
    public static string? Lift(double baseline, double value) => baseline == 0 ? null
        : ((value - baseline) / baseline).ToString("+0.0%;−0.0%;0.0%", CultureInfo.CurrentCulture);

    public static string Day(DateTime? utc, PlatformTime time) =>
        utc is { } at ? time.DayOf(at).ToString("d", CultureInfo.CurrentCulture) : "—";

    public static string DateTime(DateTime? utc, PlatformTime time) =>
        utc is { } at ? TimeZoneInfo.ConvertTimeFromUtc(at, time.Zone).ToString("g", CultureInfo.CurrentCulture) : "—";

    public static string Window(RecommenderModel model, PlatformTime time) => $"{Day(model.DataFrom, time)} – {Day(model.DataTo, time)}";

    public static Color StatusColor(RecommenderModelStatus status) => status switch
    {
        RecommenderModelStatus.Active => Color.Success,
        RecommenderModelStatus.Ready => Color.Info,
        RecommenderModelStatus.Training => Color.Warning,
        RecommenderModelStatus.Failed => Color.Error,
        _ => Color.Default,
    };

    public static string Status(IStringLocalizer<RecommendationText> l, RecommenderModelStatus status) => l[$"Status_{status}"];

    /// <summary>A generator's display name; unknown names (a generator added later) show as stored.</summary>
    public static string Generator(IStringLocalizer<RecommendationText> l, string name)
    {
        // The re-ranker names the generator behind each item it placed: "rerank:ease".
        if (name.StartsWith(ModelBundle.Rerank + ":", StringComparison.Ordinal))
        {
            return $"{Generator(l, ModelBundle.Rerank)} · {Generator(l, name[(ModelBundle.Rerank.Length + 1)..])}";
        }
        var text = l[$"Generator_{name}"];
        return text.ResourceNotFound ? name : text.Value;
    }

    /// <summary>The generator an item came from, without the re-ranker that placed it (the list's title names that).</summary>
    public static string Source(IStringLocalizer<RecommendationText> l, string name) =>
        Generator(l, name.StartsWith(ModelBundle.Rerank + ":", StringComparison.Ordinal) ? name[(ModelBundle.Rerank.Length + 1)..] : name);

    /// <summary>The reason in the reader's language, worded as <see cref="ReasonText.For"/> words it for the API.</summary>
    public static string Reason(IStringLocalizer<RecommendationText> l, ReasonView reason) => reason switch
    {
        { Code: "similar_to_history", AnchorTitle: { } anchor } => l["Reason_SimilarToHistory", Bare(anchor)],
        { Code: "next_after", AnchorTitle: { } anchor } => l["Reason_NextAfter", Bare(anchor)],
        { Code: "similar_content", AnchorTitle: { } anchor } => l["Reason_SimilarContent", Bare(anchor)],
        { Code: "similar_content" } => l["Reason_SimilarContentTopics"],
        { Code: "popular_in_topic", Topic: { Length: > 0 } topic } => l["Reason_PopularInTopic", topic],
        { Code: "popular_in_channel", Topic: { Length: > 0 } channel } => l["Reason_PopularInChannel", channel],
        _ => l["Reason_Popular"],
    };

    /// <summary>A title already in book-title marks (《…》) would get a second pair from the Chinese texts.</summary>
    private static string Bare(string title) => title.Length > 2 && title[0] == '《' && title[^1] == '》' && title.IndexOf('《', 1) < 0 ? title[1..^1] : title;

    /// <summary>
    /// The evaluation protocol of a run: as recorded with it for English readers, translated from its figures (holdout
    /// days, K) for others.
    /// </summary>
    public static string Protocol(IStringLocalizer<RecommendationText> l, RecommenderModel model, RecommenderMetrics metrics)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is "en" or "iv")
        {
            return metrics.Protocol;
        }
        var holdoutDays = Math.Max(1, (int)Math.Round((model.DataTo - metrics.Cutoff).TotalDays));
        return l["Offline_ProtocolText", holdoutDays, metrics.K];
    }

    /// <summary>A business rule in the reader's language; a rule this console does not know yet keeps its English text.</summary>
    public static string Rule(IStringLocalizer<RecommendationText> l, AppliedRule rule)
    {
        var text = l[$"Rule_{rule.Code}", [.. rule.Arguments.Select(a => a.Length == 0 ? "—" : (object)a)]];
        return text.ResourceNotFound ? rule.Text : text.Value;
    }
}
