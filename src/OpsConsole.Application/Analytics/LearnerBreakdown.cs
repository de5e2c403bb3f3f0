namespace OpsConsole.Analytics;

/// <summary>A learner property that behaviour reports can be split by.</summary>
public enum LearnerBreakdown
{
    Channel,
    Device,
    Region,
    Tier,
}

public static class LearnerBreakdowns
{
    /// <summary>Values beyond the largest few are merged: a long tail of tiny groups reads as noise on a chart.</summary>
    public const int TopValues = 10;
    public const string Other = "(other)";
    public const string None = "(none)";

    public static IReadOnlyList<string> Names { get; } = ["channel", "device", "region", "tier"];

    public static bool TryParse(string? text, out LearnerBreakdown breakdown)
    {
        var index = Names.ToList().IndexOf(text ?? "");
        breakdown = index < 0 ? default : (LearnerBreakdown)index;
        return index >= 0;
    }

    public static string ToWireName(this LearnerBreakdown breakdown) => Names[(int)breakdown];

    /// <summary>The <c>Learners</c> column holding the property; a fixed list, so it is safe to splice into SQL.</summary>
    internal static string Column(this LearnerBreakdown breakdown) => breakdown switch
    {
        LearnerBreakdown.Channel => "\"Channel\"",
        LearnerBreakdown.Device => "\"Device\"",
        LearnerBreakdown.Region => "\"Region\"",
        _ => "\"Tier\"",
    };

    /// <summary>
    /// SQL that labels each row of <paramref name="source"/> (a CTE with a <c>learner</c> column) with its group: the raw
    /// value when it is among the <see cref="TopValues"/> largest by <paramref name="weight"/> distinct learners, else
    /// <see cref="Other"/>; a missing or blank value is <see cref="None"/>. Defines CTEs <c>raw_values</c>, <c>ranked_values</c>
    /// and <c>labelled</c> (the source's columns plus <c>grp</c>).
    /// </summary>
    internal static string LabelSql(this LearnerBreakdown breakdown, string source) => $"""
        raw_values AS (
            SELECT s.*, NULLIF(l.{breakdown.Column()}, '') AS raw
            FROM {source} s LEFT JOIN "Learners" l ON l."Id" = s.learner
        ),
        ranked_values AS (
            SELECT raw, ROW_NUMBER() OVER (ORDER BY COUNT(DISTINCT learner) DESC, raw) AS rank_no
            FROM raw_values WHERE raw IS NOT NULL GROUP BY raw
        ),
        labelled AS MATERIALIZED (
            SELECT v.*, CASE WHEN v.raw IS NULL THEN '{None}' WHEN r.rank_no <= {TopValues} THEN v.raw ELSE '{Other}' END AS grp
            FROM raw_values v LEFT JOIN ranked_values r ON r.raw = v.raw
        )
        """;

    /// <summary>
    /// SQL that labels each row of <paramref name="source"/> (a CTE with a <c>learner</c> column) with its raw value, or
    /// <see cref="None"/> when it is missing or blank, for a report run in slices: the largest values are known only
    /// once the slices are added up, so the report merges the tail itself (<see cref="TopGroups"/>). Defines the CTE
    /// <c>labelled</c> (the source's columns plus <c>grp</c>).
    /// </summary>
    internal static string RawLabelSql(this LearnerBreakdown breakdown, string source) => $"""
        labelled AS MATERIALIZED (
            SELECT s.*, COALESCE(NULLIF(l.{breakdown.Column()}, ''), '{None}') AS grp
            FROM {source} s LEFT JOIN "Learners" l ON l."Id" = s.learner
        )
        """;

    /// <summary>
    /// The group each raw value (<see cref="RawLabelSql"/>) reports under, from its number of learners: itself when it is
    /// among the <see cref="TopValues"/> largest (ties by value), else <see cref="Other"/>; <see cref="None"/> stays.
    /// </summary>
    public static Dictionary<string, string> TopGroups(IReadOnlyDictionary<string, long> learnersByValue) =>
        learnersByValue.Where(v => v.Key != None)
            .OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal)
            .Select((v, rank) => (v.Key, Group: rank < TopValues ? v.Key : Other))
            .Concat(learnersByValue.ContainsKey(None) ? [(None, None)] : [])
            .ToDictionary(v => v.Key, v => v.Group, StringComparer.Ordinal);

    /// <summary>Orders groups the way a reader scans them: the named values largest first, then the merged and missing ones.</summary>
    public static int SortRank(string value) => value switch
    {
        Other => 1,
        None => 2,
        _ => 0,
    };
}
