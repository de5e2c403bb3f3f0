using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// Paths after (or before) an event, cleaned the way product-analytics tools clean them: sessions split at gaps of
/// more than <see cref="PathStepBuilder.SessionGap"/>, consecutive repeats of a type collapsed into one step. See
/// <see cref="PathsReport"/> for what each count counts.
/// <para>
/// Cleaning is done as events arrive, not per question: <see cref="PathStep"/> rows, kept with the profiles, hold each
/// step with the types of the steps around it in its session. A question reads the steps of the chosen type that start
/// in the range (on the (Type, At) index), one row per path, and the database returns one row per distinct path; nodes,
/// edges and the top list are sums over those rows.
/// </para>
/// </summary>
public sealed class PathsQuery(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, PlatformTime time)
{
    public const int TopSequences = 20;

    public async Task<PathsReport> RunAsync(PathsRequest request, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "Paths");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await JourneySql.EnsureSegmentAsync(db, request.SegmentId, cancellationToken);
        var n = request.Steps;
        // Per group (the empty name: every learner): its distinct paths, and its totals.
        const string Total = "";
        var rows = new Dictionary<string, List<(string?[] Steps, int Paths, int Learners)>>(StringComparer.Ordinal) { [Total] = [] };
        var totals = new Dictionary<string, (int Paths, int Learners)>(StringComparer.Ordinal) { [Total] = (0, 0) };
        if (request.From < request.To)
        {
            var parameters = new Dictionary<string, object>
            {
                ["@event"] = (int)request.Event,
                ["@from"] = time.StartOfDayUtc(request.From),
                ["@to"] = time.StartOfDayUtc(request.To),
            };
            var sql = Sql(n, request.Direction, JourneySql.SegmentFilter("ps.\"LearnerId\"", request.SegmentId, parameters), request.Breakdown);
            var result = await AnalyticsSql.QueryAsync(db, sql, parameters, r =>
            {
                var steps = new string?[n];
                for (var i = 0; i < n; i++)
                {
                    steps[i] = r.IsDBNull(i + 2) ? null : ((EventType)Convert.ToInt32(r.GetValue(i + 2))).ToWireName();
                }
                return (Kind: Convert.ToInt32(r.GetValue(0)), Group: r.IsDBNull(1) ? Total : r.GetString(1), Steps: steps,
                    Paths: Convert.ToInt32(r.GetValue(n + 2)), Learners: Convert.ToInt32(r.GetValue(n + 3)));
            }, cancellationToken);
            foreach (var row in result)
            {
                if (row.Kind == 1)
                {
                    totals[row.Group] = (row.Paths, row.Learners);
                }
                else
                {
                    rows.TryAdd(row.Group, []);
                    rows[row.Group].Add((row.Steps, row.Paths, row.Learners));
                }
            }
        }
        var report = Summarize(request, rows[Total], totals[Total]);
        if (request.Breakdown is not { } breakdown)
        {
            return report;
        }
        var groups = totals.Keys.Where(g => g != Total)
            .Select(g => (Value: g, Report: Summarize(request, rows.GetValueOrDefault(g) ?? [], totals[g])))
            .Select(g => new PathsGroup(g.Value, g.Report.Paths, g.Report.Learners, g.Report.Nodes, g.Report.Edges, g.Report.EdgesTruncated, g.Report.TopSequences))
            .OrderBy(g => LearnerBreakdowns.SortRank(g.Value)).ThenByDescending(g => g.Learners).ThenByDescending(g => g.Paths).ThenBy(g => g.Value, StringComparer.Ordinal)
            .ToList();
        return report with { Breakdown = breakdown.ToWireName(), Groups = groups };
    }

    private static PathsReport Summarize(PathsRequest request, List<(string?[] Steps, int Paths, int Learners)> rows, (int Paths, int Learners) totals)
    {
        var (paths, learners) = totals;
        var anchor = request.Event.ToWireName();
        var sequences = rows
            .Select(r => new PathSequence(r.Steps.TakeWhile(s => s is not null).Select(s => s!).ToList(), r.Paths, r.Learners))
            .ToList();
        var nodes = new List<PathNode>();
        if (paths > 0)
        {
            nodes.Add(new PathNode(0, anchor, paths));
        }
        var edges = new List<PathEdge>();
        for (var d = 1; d <= request.Steps; d++)
        {
            var depth = d;
            var reaching = sequences.Where(s => s.Steps.Count >= depth).ToList();
            nodes.AddRange(reaching.GroupBy(s => s.Steps[depth - 1])
                .Select(g => new PathNode(depth, g.Key, g.Sum(s => s.Paths)))
                .OrderByDescending(x => x.Paths).ThenBy(x => x.Type, StringComparer.Ordinal));
            edges.AddRange(reaching.GroupBy(s => (From: depth == 1 ? anchor : s.Steps[depth - 2], To: s.Steps[depth - 1]))
                .Select(g => new PathEdge(depth, g.Key.From, g.Key.To, g.Sum(s => s.Paths))));
        }
        var kept = edges.OrderByDescending(e => e.Paths).ThenBy(e => e.Depth).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .Take(request.MaxEdges)
            .OrderBy(e => e.Depth).ThenByDescending(e => e.Paths).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .ToList();
        var top = sequences
            .OrderByDescending(s => s.Paths).ThenByDescending(s => s.Learners).ThenBy(s => string.Join(">", s.Steps), StringComparer.Ordinal)
            .Take(TopSequences)
            .ToList();
        return new PathsReport(anchor, request.Direction.ToString().ToLowerInvariant(), request.Steps, paths, learners,
            nodes, kept, kept.Count < edges.Count, top, null, []);
    }

    /// <summary>
    /// One row per distinct path (kind 0) and the totals (kind 1), for every learner (a null group) and, with a
    /// breakdown, per group.
    /// </summary>
    private static string Sql(int n, PathDirection direction, string segmentFilter, LearnerBreakdown? breakdown)
    {
        var side = direction == PathDirection.After ? "Next" : "Prev";
        var picks = string.Join(", ", Enumerable.Range(1, n).Select(k => $"ps.\"{side}{k}\" AS s{k}"));
        var names = string.Join(", ", Enumerable.Range(1, n).Select(k => $"s{k}"));
        var nulls = string.Join(", ", Enumerable.Range(1, n).Select(k => $"NULL AS s{k}"));
        var labels = breakdown is { } bd ? ",\n" + bd.LabelSql("paths") : "";
        var sql = new StringBuilder($$"""
            WITH paths AS MATERIALIZED (
                SELECT ps."LearnerId" AS learner, {{picks}}
                FROM "PathSteps" ps
                WHERE ps."Type" = @event AND ps."At" >= @from AND ps."At" < @to {{segmentFilter}}
            ){{labels}}
            SELECT 0 AS kind, NULL AS grp, {{names}}, COUNT(*) AS paths, COUNT(DISTINCT learner) AS learners FROM paths GROUP BY {{names}}
            UNION ALL
            SELECT 1, NULL, {{nulls}}, COUNT(*), COUNT(DISTINCT learner) FROM paths
            """);
        if (breakdown is not null)
        {
            sql.Append($"""

                UNION ALL
                SELECT 0, grp, {names}, COUNT(*), COUNT(DISTINCT learner) FROM labelled GROUP BY grp, {names}
                UNION ALL
                SELECT 1, grp, {nulls}, COUNT(*), COUNT(DISTINCT learner) FROM labelled GROUP BY grp
                """);
        }
        return sql.ToString();
    }
}
