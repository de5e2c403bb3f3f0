using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using OpsConsole.Profiles;

namespace OpsConsole.Web.Profiles;

/// <summary>The learners list's filters as a query string, so the CSV export downloads exactly what the page shows.</summary>
public static class LearnerListQuery
{
    public const string ExportPath = "/learners/export.csv";

    public static LearnerQuery Parse(IQueryCollection q) => new(
        Search: q["search"].FirstOrDefault(),
        Lifecycle: Enum.TryParse<LifecycleStage>(q["lifecycle"], true, out var stage) ? stage : null,
        Rfm: Enum.TryParse<RfmSegment>(q["rfm"], true, out var rfm) ? rfm : null,
        Channel: q["channel"].FirstOrDefault(),
        Membership: Enum.TryParse<MembershipState>(q["membership"], true, out var membership) ? membership : null,
        PersonaId: int.TryParse(q["persona"], CultureInfo.InvariantCulture, out var persona) ? persona : null,
        MinSpend: decimal.TryParse(q["minSpend"], NumberStyles.Number, CultureInfo.InvariantCulture, out var min) ? min : null,
        Sort: Enum.TryParse<LearnerSort>(q["sort"], true, out var sort) ? sort : LearnerSort.LastActiveAt,
        Descending: !string.Equals(q["desc"], "false", StringComparison.OrdinalIgnoreCase),
        SegmentId: int.TryParse(q["segment"], CultureInfo.InvariantCulture, out var segment) ? segment : null);

    public static string ToExportUrl(LearnerQuery query)
    {
        var values = new Dictionary<string, string?>
        {
            ["search"] = query.Search,
            ["lifecycle"] = query.Lifecycle?.ToString(),
            ["rfm"] = query.Rfm?.ToString(),
            ["channel"] = query.Channel,
            ["membership"] = query.Membership?.ToString(),
            ["persona"] = query.PersonaId?.ToString(CultureInfo.InvariantCulture),
            ["minSpend"] = query.MinSpend?.ToString(CultureInfo.InvariantCulture),
            ["sort"] = query.Sort.ToString(),
            ["desc"] = query.Descending ? "true" : "false",
            ["segment"] = query.SegmentId?.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString(ExportPath, values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }
}
