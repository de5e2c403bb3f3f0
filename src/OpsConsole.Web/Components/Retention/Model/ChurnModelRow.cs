using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using MudBlazor;
using OpsConsole.Analytics;
using OpsConsole.Retention;
using OpsConsole.Retention.Churn;

namespace OpsConsole.Web.Components.Retention.Model;

/// <summary>A churn model version with its training report read from the stored JSON (null when it has none, or none readable).</summary>
public sealed record ChurnModelRow(ChurnModelVersion Model, ChurnModelReport? Report)
{
    public int Version => Model.Id;

    /// <summary>A finished version that is not serving may serve; a failed or running one has nothing to serve.</summary>
    public bool CanPromote => Model.Status is ChurnModelStatus.Ready or ChurnModelStatus.Retired;

    /// <summary>Churn rate in the riskiest tenth over the overall rate: how much better than a random pick the alerts are.</summary>
    public double? TopDecileLift => Report?.Evaluation.Lift.FirstOrDefault()?.Lift;

    public static IReadOnlyList<ChurnModelRow> From(IEnumerable<ChurnModelVersion> versions) =>
        versions.Select(v => new ChurnModelRow(v, Read(v.Evaluation))).ToList();

    /// <summary>Reads a stored report; one written by an older build may miss newer parts (curves), which read as null.</summary>
    public static ChurnModelReport? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json == "{}")
        {
            return null;
        }
        try
        {
            var report = JsonSerializer.Deserialize<ChurnModelReport>(json);
            return report?.Evaluation is null ? null : report;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>How the churn model page writes its figures.</summary>
public static class ChurnModelFormat
{
    public static string Metric(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.000", CultureInfo.CurrentCulture) : "—";

    public static string Share(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0%", CultureInfo.CurrentCulture) : "—";

    public static string Times(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.00", CultureInfo.CurrentCulture) + "×" : "—";

    public static string Count(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Duration(long ms) => ms < 1000 ? $"{ms} ms" : TimeSpan.FromMilliseconds(ms).TotalSeconds.ToString("0.0", CultureInfo.CurrentCulture) + " s";

    public static string DateTime(DateTime? utc, PlatformTime time) =>
        utc is { } at ? TimeZoneInfo.ConvertTimeFromUtc(at, time.Zone).ToString("g", CultureInfo.CurrentCulture) : "—";

    public static Color StatusColor(ChurnModelStatus status) => status switch
    {
        ChurnModelStatus.Active => Color.Success,
        ChurnModelStatus.Ready => Color.Info,
        ChurnModelStatus.Training => Color.Warning,
        ChurnModelStatus.Failed => Color.Error,
        _ => Color.Default,
    };

    public static string Status(IStringLocalizer<ChurnModelText> l, ChurnModelStatus status) => l[$"Status_{status}"];

    /// <summary>A feature's name for people: its text when there is one, otherwise the column name with spaces.</summary>
    public static string Feature(IStringLocalizer<ChurnModelText> l, string feature)
    {
        var text = l[$"Feature_{feature}"];
        return text.ResourceNotFound ? feature.Replace('_', ' ') : text.Value;
    }
}
