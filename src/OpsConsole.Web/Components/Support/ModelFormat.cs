using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using OpsConsole.Analytics;
using OpsConsole.Support;
using OpsConsole.Web.Support;

namespace OpsConsole.Web.Components.Support;

/// <summary>An intent model version as the model page shows it: the stored run with its evaluation read back from JSON.</summary>
public sealed record ModelRow(IntentModelVersion Model, IntentModelReport? Report)
{
    public int Version => Model.Id;

    public bool CanPromote => Model.Status == IntentModelStatus.Ready;

    public static IReadOnlyList<ModelRow> From(IEnumerable<IntentModelVersion> models) =>
        [.. models.Select(m => new ModelRow(m, IntentModelReport.Read(m.Evaluation)))];
}

/// <summary>How the intent model page writes figures, statuses and decisions in the reader's language.</summary>
public static class ModelFormat
{
    /// <summary>Classification figures read as they are usually printed (0.912), not as percentages.</summary>
    public static string Metric(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.CurrentCulture) : "—";

    public static string Share(double fraction) => fraction.ToString("P0", CultureInfo.CurrentCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Duration(long milliseconds) => milliseconds switch
    {
        < 1_000 => $"{milliseconds} ms",
        < 60_000 => (milliseconds / 1000.0).ToString(milliseconds >= 10_000 ? "0" : "0.#", CultureInfo.CurrentCulture) + " s",
        _ => TimeSpan.FromMilliseconds(milliseconds).ToString(@"m\:ss", CultureInfo.InvariantCulture) + " min",
    };

    public static string DateTime(DateTime? utc, PlatformTime time) =>
        utc is { } at ? TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(at, DateTimeKind.Utc), time.Zone).ToString("g", CultureInfo.CurrentCulture) : "—";

    public static string Status(IStringLocalizer<IntentsText> l, IntentModelStatus status) => l[$"Status_{status}"];

    public static Color StatusColor(IntentModelStatus status) => status switch
    {
        IntentModelStatus.Active => Color.Success,
        IntentModelStatus.Ready => Color.Info,
        IntentModelStatus.Training => Color.Warning,
        IntentModelStatus.Failed => Color.Error,
        _ => Color.Default,
    };

    /// <summary>Why the version was or was not promoted when it was trained; null for runs without a decision.</summary>
    public static string? Promotion(IStringLocalizer<IntentsText> l, ModelRow row) => row.Report?.Promotion switch
    {
        null => null,
        { Reason: IntentPromotionReason.FirstModel } => l["Promotion_FirstModel"].Value,
        { Reason: var reason } d => l[$"Promotion_{reason}", Metric(row.Model.MacroF1), d.ComparedWith ?? 0, Metric(d.ComparedMacroF1), Metric(d.Margin)].Value,
    };

    /// <summary>What training needs and what is short, from the counts; null when a model can be trained.</summary>
    public static string? Readiness(IStringLocalizer<IntentsText> l, IntentTrainingReadiness readiness)
    {
        if (readiness.Ready)
        {
            return null;
        }
        var need = readiness.Usable.Count < 2
            ? l["Readiness_TwoIntents", readiness.MinimumPerIntent, readiness.Usable.Count].Value
            : l["Readiness_TooFew", Count(readiness.MinimumExamples), readiness.MinimumPerIntent, Count(readiness.UsableExamples)].Value;
        return readiness.LeftOut.Count == 0 ? need : need + " " + l["Readiness_Short", ShortList(l, readiness)];
    }

    public static string ShortList(IStringLocalizer<IntentsText> l, IntentTrainingReadiness readiness) =>
        string.Join(", ", readiness.LeftOut.Select(i => l["Readiness_ShortItem", i.Intent, i.Examples, readiness.MinimumPerIntent].Value));
}
