using OpsConsole.Analytics;

namespace OpsConsole.Web.Components.Journeys;

/// <summary>
/// One group of a broken-down journey report as a report of its own, so the views draw a group with the same
/// components as the whole. An unknown group (say, one the newer report no longer has) gives the whole report.
/// </summary>
public static class JourneyGroups
{
    public static IReadOnlyList<string> Values(PathsReport r) => [.. (r.Groups ?? []).Select(g => g.Value)];

    public static IReadOnlyList<string> Values(LifecycleReport r) => [.. (r.Groups ?? []).Select(g => g.Value)];

    public static IReadOnlyList<string> Values(StickinessReport r) => [.. (r.Groups ?? []).Select(g => g.Value)];

    public static IReadOnlyList<string> Values(CompassReport r) => [.. (r.Groups ?? []).Select(g => g.Value)];

    public static PathsReport Pick(PathsReport r, string? group) => r.Groups?.FirstOrDefault(g => g.Value == group) is { } g
        ? r with { Paths = g.Paths, Learners = g.Learners, Nodes = g.Nodes, Edges = g.Edges, EdgesTruncated = g.EdgesTruncated, TopSequences = g.TopSequences, Groups = [] }
        : r;

    public static LifecycleReport Pick(LifecycleReport r, string? group) => r.Groups?.FirstOrDefault(g => g.Value == group) is { } g
        ? r with { Periods = g.Periods, Groups = [] }
        : r;

    public static StickinessReport Pick(StickinessReport r, string? group) => r.Groups?.FirstOrDefault(g => g.Value == group) is { } g
        ? r with { Learners = g.Learners, Groups = [] }
        : r;

    public static CompassReport Pick(CompassReport r, string? group) => r.Groups?.FirstOrDefault(g => g.Value == group) is { } g
        ? r with { Measured = g.Measured, Retained = g.Retained, Maturing = g.Maturing, RetentionRate = g.RetentionRate, Rows = g.Rows, Groups = [] }
        : r;

    /// <summary>The group still shown after a new report arrives: kept when the new report has it, else every learner.</summary>
    public static string? Keep(string? group, IReadOnlyList<string> values) => group is not null && values.Contains(group) ? group : null;
}
