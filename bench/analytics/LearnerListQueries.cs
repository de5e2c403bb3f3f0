using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Profiles;

namespace OpsConsole.Bench.Analytics;

/// <summary>
/// The learners list (<see cref="ProfileQueries.SearchAsync"/>) on a larger platform: a page of 25 with its total, as
/// the console asks for it, against the same page and count in one plain SQL statement. The answers compared are the
/// total and the ids of the page, in order.
/// </summary>
public static class LearnerListQueries
{
    private const int PageSize = 25;

    private sealed record Case(string Name, LearnerQuery Query, string Where, string SortKey);

    private static readonly Case[] Cases =
    [
        // The list as it opens: most recently active first.
        new("learners: first page", new LearnerQuery(PageSize: PageSize),
            "", "p.\"LastActiveAt\""),
        // Far into a sort on a profile figure.
        new("learners: page 400 by spend", new LearnerQuery(Sort: LearnerSort.NetSpend, Page: 400, PageSize: PageSize),
            "", "p.\"NetSpend\""),
        // A lifecycle filter with a sort on the learner's own column.
        new("learners: at risk by sign-up", new LearnerQuery(Lifecycle: LifecycleStage.AtRisk, Sort: LearnerSort.SignupAt, Descending: false, Page: 2, PageSize: PageSize),
            "WHERE p.\"Lifecycle\" = 'AtRisk'", "l.\"SignupAt\""),
        // Free text over id, name and e-mail: a substring match, so every row is read.
        new("learners: search '777'", new LearnerQuery(Search: "777", SearchPii: true, PageSize: PageSize),
            "WHERE l.\"Id\" LIKE '%777%' OR x.\"Name\" LIKE '%777%' OR x.\"Email\" LIKE '%777%'", "p.\"LastActiveAt\""),
    ];

    public static IReadOnlyList<BenchQuery> All { get; } =
        [.. Cases.Select(c => new BenchQuery(c.Name, (services, _, ct) => OursAsync(services, c, ct), (_, _) => Plain(c), Read))];

    private static async Task<IReadOnlyList<string>> OursAsync(IServiceProvider services, Case c, CancellationToken ct)
    {
        var page = await services.GetRequiredService<ProfileQueries>().SearchAsync(c.Query, ct);
        return [$"total {page.Total}", .. page.Rows.Select(r => r.Id)];
    }

    /// <summary>
    /// The count and the page in one statement; the page carries the sort key so the outer query keeps its order. Both
    /// dialects read it the same way: the columns are those of the list's row.
    /// </summary>
    private static string Plain(Case c)
    {
        const string From = """
            "Learners" l
              LEFT JOIN "LearnerProfiles" p ON p."LearnerId" = l."Id"
              LEFT JOIN "LearnerPii" x ON x."LearnerId" = l."Id"
            """;
        var offset = c.Query.Page * PageSize;
        var descending = c.Query.Descending ? " DESC" : "";
        return string.Create(CultureInfo.InvariantCulture, $"""
            SELECT c.total, page."Id"
            FROM (SELECT COUNT(*) AS total FROM {From} {c.Where}) c
            LEFT JOIN (
              SELECT l."Id", x."Name", x."Email", l."Channel", l."Region", l."SignupAt", l."Tier", p."Lifecycle", p."RfmSegment",
                     p."NetSpend", p."Orders", p."ActiveDays30", p."LastActiveAt", p."TopInterests", p."PersonaId", {c.SortKey} AS k
              FROM {From}
              {c.Where}
              ORDER BY {c.SortKey}{descending}, l."Id"
              LIMIT {PageSize} OFFSET {offset}
            ) page ON 1 = 1
            ORDER BY page.k{descending}, page."Id"
            """);
    }

    private static IReadOnlyList<string> Read(IReadOnlyList<string[]> rows, BenchScenario s) =>
        [$"total {rows[0][0]}", .. rows.Where(r => r[1].Length > 0).Select(r => r[1])];
}
