using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>
/// An ordered funnel, matched per learner in the database by the statement <see cref="FunnelSql"/> writes: each learner's
/// best entry (the deepest, then the latest), counted by depth, with the median time between steps.
/// </summary>
public sealed class FunnelQuery(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, PlatformTime time)
{
    /// <summary>
    /// PostgreSQL puts a cache (Memoize) in front of the seeks, keyed on values that never repeat: every seek misses and
    /// pays for the cache as well, a fifth of the time of a funnel that walks back from a rare step. And it may hand the
    /// list of learners to a parallel worker, a process started for the statement that reads every page cold, while the
    /// learner slices already keep every core busy.
    /// </summary>
    private static readonly string[] PostgresSettings = ["enable_memoize = off", "max_parallel_workers_per_gather = 0"];

    /// <summary>A fixed plan instead of the one the data suggests, so tests can hold every plan to the same answers.</summary>
    internal FunnelPlan? Plan { get; init; }

    public async Task<FunnelReport> RunAsync(FunnelRequest request, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "The funnel");
        var steps = request.Steps;
        // Per group (the empty name: every learner): learners by depth, and the step times of those who took each step.
        var depths = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var durations = new Dictionary<(string Group, int Step), List<double>>();
        const string Total = "";
        depths[Total] = new int[steps.Count + 1];
        if (request.From < request.To)
        {
            var (dialect, parameters) = Parameters(request);
            var (plan, slices) = await PrepareAsync(steps, parameters, cancellationToken);
            var report = Report(steps.Count, dialect, request.Breakdown);
            var results = await InSlicesAsync(request, plan, slices, report, parameters,
                r => (Depth: r.GetBoolean(0), Group: r.IsDBNull(1) ? null : r.GetString(1), Step: Convert.ToInt32(r.GetValue(2)), Value: Convert.ToDouble(r.GetValue(3))),
                cancellationToken);
            // Slices hold disjoint learners: depths add up, and the medians come from every slice's step times together.
            foreach (var row in results.SelectMany(rows => rows))
            {
                var group = row.Group ?? Total;
                if (row.Depth)
                {
                    if (!depths.TryGetValue(group, out var byDepth))
                    {
                        depths[group] = byDepth = new int[steps.Count + 1];
                    }
                    byDepth[row.Step] += (int)row.Value;
                }
                else if (durations.TryGetValue((group, row.Step), out var times))
                {
                    times.Add(row.Value);
                }
                else
                {
                    durations[(group, row.Step)] = [row.Value];
                }
            }
        }

        if (request.Breakdown is not null)
        {
            (depths, durations) = MergeTail(depths, durations, steps.Count);
        }

        List<FunnelStep> StepsOf(string group) =>
            Steps(steps, depths[group], [.. Enumerable.Range(0, steps.Count + 1).Select(k => durations.TryGetValue((group, k), out var times) ? Median(times) : null)]);
        var groups = request.Breakdown is null
            ? null
            : depths.Keys.Where(g => g != Total)
                .Select(g => new FunnelGroup(g, StepsOf(g)))
                .OrderBy(g => LearnerBreakdowns.SortRank(g.Value)).ThenByDescending(g => g.Steps[0].Learners).ThenBy(g => g.Value, StringComparer.Ordinal)
                .ToList();
        return new FunnelReport(StepsOf(Total), request.WindowHours, request.Breakdown?.ToWireName(), groups ?? []);
    }

    /// <summary>
    /// The groups by raw value merged into the ones the report shows: values beyond the largest few become one group
    /// (<see cref="LearnerBreakdowns.TopGroups"/>), ranked by learners who entered, which is every learner of any depth.
    /// </summary>
    private static (Dictionary<string, int[]> Depths, Dictionary<(string Group, int Step), List<double>> Durations) MergeTail(
        Dictionary<string, int[]> depths, Dictionary<(string Group, int Step), List<double>> durations, int n)
    {
        var groups = LearnerBreakdowns.TopGroups(depths.Where(d => d.Key.Length > 0).ToDictionary(d => d.Key, d => (long)d.Value.Sum(), StringComparer.Ordinal));
        string GroupOf(string value) => value.Length == 0 ? value : groups[value];
        var mergedDepths = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (value, byDepth) in depths)
        {
            var group = GroupOf(value);
            if (!mergedDepths.TryGetValue(group, out var sum))
            {
                mergedDepths[group] = sum = new int[n + 1];
            }
            for (var k = 0; k <= n; k++)
            {
                sum[k] += byDepth[k];
            }
        }
        var mergedDurations = new Dictionary<(string Group, int Step), List<double>>();
        foreach (var ((value, step), times) in durations)
        {
            var key = (GroupOf(value), step);
            if (mergedDurations.TryGetValue(key, out var all))
            {
                all.AddRange(times);
            }
            else
            {
                mergedDurations[key] = times;
            }
        }
        return (mergedDepths, mergedDurations);
    }

    /// <summary>The middle value, or the mean of the two middle ones.</summary>
    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>
    /// The learners who reached step <paramref name="step"/> (1-based, before the last) and went no further, by the same
    /// best entry the report counts: exactly those behind the drop-off the report shows at that step.
    /// </summary>
    public async Task<FunnelDropouts> DropoutsAsync(FunnelRequest request, int step, int offset, int limit, CancellationToken cancellationToken = default)
    {
        AnalyticsSql.EnsureSupported(database.Provider, "The funnel");
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, request.Steps.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (request.From >= request.To)
        {
            return new FunnelDropouts(step, 0, []);
        }
        var (_, parameters) = Parameters(request);
        parameters["@depth"] = step;
        // Each slice's first offset + limit learners, in order: the slices follow each other in the database's order of
        // ids, so together they hold the page.
        parameters["@take"] = offset + limit;
        var (plan, slices) = await PrepareAsync(request.Steps, parameters, cancellationToken);
        const string Page = """

            SELECT NULL AS learner, COUNT(*) AS total FROM best WHERE depth = @depth
            UNION ALL
            SELECT learner, NULL FROM (SELECT learner FROM best WHERE depth = @depth ORDER BY learner LIMIT @take) page
            ORDER BY learner
            """;
        var results = await InSlicesAsync(request, plan, slices, Page, parameters,
            r => (Learner: r.IsDBNull(0) ? null : r.GetString(0), Total: r.IsDBNull(1) ? 0 : Convert.ToInt32(r.GetValue(1))), cancellationToken);
        var ids = results.SelectMany(rows => rows.Where(r => r.Learner is not null).Select(r => r.Learner!))
            .Skip(offset).Take(limit).Order(StringComparer.Ordinal).ToList();
        return new FunnelDropouts(step, results.Sum(rows => rows.Where(r => r.Learner is null).Sum(r => r.Total)), ids);
    }

    /// <summary>
    /// The funnel statement, <see cref="FunnelSql"/>'s CTEs followed by <paramref name="tail"/>, once per slice on a
    /// connection of its own, <see cref="DatabaseOptions.AnalyticsSlices"/> at a time; the rows by slice.
    /// </summary>
    private Task<List<T>[]> InSlicesAsync<T>(FunnelRequest request, FunnelPlan plan, IReadOnlyList<LearnerSlice> slices, string tail,
        Dictionary<string, object> parameters, Func<DbDataReader, T> map, CancellationToken ct) =>
        LearnerSlice.RunAsync(slices, database.AnalyticsSlices, async slice =>
        {
            var sql = FunnelSql.Prefix(request.Steps.Count, database.Provider == DatabaseProvider.PostgreSql, request.SegmentId is not null, plan, slice) + tail;
            await using var db = await contexts.CreateDbContextAsync(ct);
            return await AnalyticsSql.QueryAsync(db, sql, slice.Bind(parameters), map, ct, PostgresSettings);
        }, ct);

    private static List<FunnelStep> Steps(IReadOnlyList<Ingestion.EventType> steps, int[] depths, double?[] medians)
    {
        var result = new List<FunnelStep>(steps.Count);
        var reached = 0;
        // Reaching step k means reaching every step before it, so step k's count is the learners of depth k or more.
        var counts = new int[steps.Count + 1];
        for (var k = steps.Count; k >= 1; k--)
        {
            reached += depths[k];
            counts[k] = reached;
        }
        for (var k = 1; k <= steps.Count; k++)
        {
            result.Add(new FunnelStep(
                steps[k - 1].ToWireName(),
                counts[k],
                k == 1 ? null : medians[k],
                k == 1 ? null : Ratio(counts[k], counts[k - 1]),
                k == 1 ? null : Ratio(counts[k], counts[1])));
        }
        return result;
    }

    private (Dialect Dialect, Dictionary<string, object> Parameters) Parameters(FunnelRequest request)
    {
        // Entries count from the start of From up to, not including, the start of To.
        var (from, to) = (time.StartOfDayUtc(request.From), time.StartOfDayUtc(request.To));
        var dialect = database.Provider == DatabaseProvider.PostgreSql ? Dialect.PostgreSql : Dialect.Sqlite;
        var parameters = new Dictionary<string, object>
        {
            ["@from"] = from,
            ["@to"] = to,
        };
        if (dialect == Dialect.PostgreSql)
        {
            // Whole microseconds, not days: PostgreSQL adds days on the session's clock, and seven days across a change
            // of clock (in a zone with summer time) are 167 or 169 hours.
            parameters["@window"] = new NpgsqlTypes.NpgsqlInterval(0, 0, request.WindowHours * 3_600_000_000L);
        }
        else
        {
            parameters["@windowMs"] = request.WindowHours * 3_600_000L;
            parameters["@windowSlack"] = $"+{request.WindowHours * 3600L + 1} seconds";
        }
        for (var i = 0; i < request.Steps.Count; i++)
        {
            parameters[$"@step{i + 1}"] = AnalyticsSql.Stored(request.Steps[i]);
        }
        if (request.SegmentId is { } segment)
        {
            parameters["@segment"] = segment;
        }
        return (dialect, parameters);
    }

    /// <summary>
    /// How to find the chains (<see cref="FunnelPlan.Choose"/>), from how often each step's type occurs among the last
    /// events of the range, a few thousand rows: whether first steps outnumber second steps (views before a lesson), and
    /// whether a later step is rare (a purchase). Every plan gives the same result; only the time differs. And the learner
    /// slices the statement runs on, one connection each.
    /// </summary>
    private async Task<(FunnelPlan Plan, IReadOnlyList<LearnerSlice> Slices)> PrepareAsync(IReadOnlyList<Ingestion.EventType> steps,
        Dictionary<string, object> parameters, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var slices = await LearnerSlice.SplitAsync(db, database.AnalyticsSlices, ct);
        if (Plan is { } fixedPlan)
        {
            return (fixedPlan, slices);
        }
        const string Sql = """
            SELECT "Type", COUNT(*) FROM (SELECT "Type" FROM "Events" WHERE "OccurredAt" >= @from AND "OccurredAt" < @to ORDER BY "OccurredAt" DESC LIMIT 4096) recent
            GROUP BY "Type"
            """;
        var rows = await AnalyticsSql.QueryAsync(db, Sql, parameters, r => (Type: r.GetString(0), Count: Convert.ToInt64(r.GetValue(1))), ct);
        var byType = rows.ToDictionary(r => r.Type, r => r.Count, StringComparer.Ordinal);
        return (FunnelPlan.Choose([0, .. steps.Select(s => byType.GetValueOrDefault(AnalyticsSql.Stored(s)))]), slices);
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private enum Dialect { Sqlite, PostgreSql }

    /// <summary>
    /// After <see cref="FunnelSql.Prefix"/>: learners by depth (<c>is_depth</c> true), and the seconds each learner took
    /// for each step they reached, for everyone (a null group) and, with a breakdown, per group. The step times come back
    /// one by one, a row per learner and step, since the median of several slices is not any mix of theirs.
    /// </summary>
    private static string Report(int n, Dialect dialect, LearnerBreakdown? breakdown)
    {
        string Seconds(string a, string b) => dialect == Dialect.PostgreSql
            ? $"CAST(EXTRACT(EPOCH FROM ({b} - {a})) AS double precision)"
            : $"({FunnelSql.Ms(b)} - {FunnelSql.Ms(a)}) / 1000.0";
        var (yes, no) = dialect == Dialect.PostgreSql ? ("TRUE", "FALSE") : ("1", "0");
        var times = string.Join(", ", Enumerable.Range(1, n).Select(k => $"t{k}"));
        var durations = string.Concat(
            Enumerable.Range(2, n - 1).Select(k => $"\nUNION ALL\nSELECT {no}, grp, {k}, {Seconds($"t{k - 1}", $"t{k}")} FROM scope WHERE depth >= {k}"));
        var groups = breakdown is { } b
            ? $",\n{b.RawLabelSql("best")},\nscope AS (\n    SELECT NULL AS grp, learner, depth, {times} FROM best\n    UNION ALL\n    SELECT grp, learner, depth, {times} FROM labelled\n)"
            : $",\nscope AS (\n    SELECT NULL AS grp, learner, depth, {times} FROM best\n)";
        return $$"""
            {{groups}}
            SELECT {{yes}} AS is_depth, grp, depth AS step, CAST(COUNT(*) AS double precision) AS value FROM scope GROUP BY grp, depth{{durations}}
            """;
    }
}
