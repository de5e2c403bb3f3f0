using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Analytics;

/// <summary>The SQL pieces the journey queries (paths, lifecycle, stickiness, compass) share.</summary>
internal static class JourneySql
{
    public static bool IsPostgres(DatabaseOptions database) => database.Provider == DatabaseProvider.PostgreSql;

    /// <summary>
    /// Restricts <paramref name="learnerColumn"/> to a segment's stored members: one probe of the members' primary key
    /// (SegmentId, LearnerId) per learner.
    /// </summary>
    public static string SegmentFilter(string learnerColumn, int? segmentId, IDictionary<string, object> parameters)
    {
        if (segmentId is not { } id)
        {
            return "";
        }
        parameters["@segment"] = id;
        return $"""AND {learnerColumn} IN (SELECT sm."LearnerId" FROM "SegmentMembers" sm WHERE sm."SegmentId" = @segment)""";
    }

    /// <summary>An unknown segment would silently filter everything away, so it is a bad parameter instead.</summary>
    public static async Task EnsureSegmentAsync(OpsDbContext db, int? segmentId, CancellationToken ct)
    {
        if (segmentId is { } id && !await db.Segments.AnyAsync(s => s.Id == id, ct))
        {
            throw new AnalyticsParameterException("segment", $"No segment has the id {id}.");
        }
    }

    /// <summary>SQLite keeps timestamps as ISO text: milliseconds since 1970 make differences exact integers.</summary>
    public static string SqliteMs(string t) => $"CAST(ROUND((julianday({t}) - 2440587.5) * 86400000.0) AS INTEGER)";

    /// <summary>
    /// <paramref name="t"/> is in [<paramref name="origin"/> + fromMs, <paramref name="origin"/> + toMs). On SQLite the
    /// index bounds are one second generous (stored text and computed text differ in their fractional digits) and the
    /// exact test is on milliseconds; PostgreSQL adds intervals of hours, which a session time zone cannot stretch.
    /// </summary>
    public static string Within(bool postgres, string t, string origin, long fromMs, long toMs)
    {
        if (postgres)
        {
            return $"{t} >= {origin} + interval '{fromMs} milliseconds' AND {t} < {origin} + interval '{toMs} milliseconds'";
        }
        var low = fromMs == 0 ? $"{t} >= {origin}" : $"{t} >= strftime('%Y-%m-%d %H:%M:%f', {origin}, '{(fromMs / 1000) - 1:+0;-0} seconds')";
        return $"{low} AND {t} <= strftime('%Y-%m-%d %H:%M:%f', {origin}, '+{(toMs / 1000) + 1} seconds')"
            + $" AND {SqliteMs(t)} - {SqliteMs(origin)} >= {fromMs} AND {SqliteMs(t)} - {SqliteMs(origin)} < {toMs}";
    }

    /// <summary>A VALUES list of (idx, start, end) instants, bound as parameters named with <paramref name="prefix"/>.</summary>
    public static string Values(IReadOnlyList<(DateTime Start, DateTime End)> buckets, string prefix, IDictionary<string, object> parameters, Func<int, string>? extra = null)
    {
        var values = new System.Text.StringBuilder();
        for (var i = 0; i < buckets.Count; i++)
        {
            values.Append(i == 0 ? "VALUES " : ", ").Append($"({i}, {(extra is null ? "" : extra(i) + ", ")}@{prefix}s{i}, @{prefix}e{i})");
            parameters[$"@{prefix}s{i}"] = buckets[i].Start;
            parameters[$"@{prefix}e{i}"] = buckets[i].End;
        }
        return values.ToString();
    }
}
