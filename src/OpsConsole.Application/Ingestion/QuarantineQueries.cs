using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Exports;

namespace OpsConsole.Ingestion;

/// <summary>What an admin narrows the quarantine down to. Every part is optional; times are UTC, <c>ToUtc</c> exclusive.</summary>
public sealed record QuarantineFilter(
    string? Kind = null,
    string? Source = null,
    string? Field = null,
    string? Text = null,
    DateTime? FromUtc = null,
    DateTime? ToUtc = null)
{
    public static readonly QuarantineFilter None = new();
}

/// <summary>Columns the quarantine list can be ordered by.</summary>
public enum QuarantineSort
{
    ReceivedAt,
    Kind,
    Source,
    Field,
    Reason,
    RecordId,
}

/// <summary>One page of the quarantine; <paramref name="Page"/> counts from zero.</summary>
public sealed record QuarantinePageRequest(
    QuarantineFilter Filter,
    int Page = 0,
    int PageSize = 25,
    QuarantineSort SortBy = QuarantineSort.ReceivedAt,
    bool Descending = true);

public sealed record QuarantinePage(IReadOnlyList<QuarantinedRecord> Items, int TotalCount);

/// <summary>The values present in the quarantine, offered as filter choices.</summary>
public sealed record QuarantineFacets(IReadOnlyList<string> Kinds, IReadOnlyList<string> Sources, IReadOnlyList<string> Fields);

/// <summary>Reads rejected records for the admin pages: paged, sorted, filtered, and exported as CSV.</summary>
public sealed class QuarantineQueries(IDbContextFactory<OpsDbContext> contexts)
{
    public const int MaxPageSize = 500;
    private const int MaxFacetValues = 200;

    public async Task<QuarantinePage> GetPageAsync(QuarantinePageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var size = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, request.Page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Apply(db.Quarantine.AsNoTracking(), request.Filter);
        var total = await query.CountAsync(cancellationToken);
        var items = await Sort(query, request.SortBy, request.Descending)
            .Skip(page * size)
            .Take(size)
            .ToListAsync(cancellationToken);
        return new QuarantinePage(items, total);
    }

    public async Task<QuarantineFacets> GetFacetsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var kinds = await db.Quarantine.Select(q => q.Kind).Distinct().OrderBy(k => k).Take(MaxFacetValues).ToListAsync(cancellationToken);
        var sources = await db.Quarantine.Select(q => q.Source).Distinct().OrderBy(s => s).Take(MaxFacetValues).ToListAsync(cancellationToken);
        var fields = await db.Quarantine.Select(q => q.Field).Distinct().OrderBy(f => f).Take(MaxFacetValues).ToListAsync(cancellationToken);
        return new QuarantineFacets(kinds, sources, fields);
    }

    /// <summary>
    /// Writes every record matching <paramref name="filter"/> as RFC 4180 CSV, newest first. Rows are streamed,
    /// so an export of a large quarantine never sits in memory whole.
    /// </summary>
    public async Task WriteCsvAsync(QuarantineFilter filter, TextWriter output, CancellationToken cancellationToken = default)
    {
        await output.WriteLineAsync("received_at_utc,kind,source,index,record_id,field,reason,payload");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Sort(Apply(db.Quarantine.AsNoTracking(), filter), QuarantineSort.ReceivedAt, descending: true).AsAsyncEnumerable();
        var line = new StringBuilder();
        await foreach (var q in rows.WithCancellation(cancellationToken))
        {
            line.Clear()
                .Append(q.ReceivedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvField.Escape(q.Kind)).Append(',')
                .Append(CsvField.Escape(q.Source)).Append(',')
                .Append(q.Index.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvField.Escape(q.RecordId)).Append(',')
                .Append(CsvField.Escape(q.Field)).Append(',')
                .Append(CsvField.Escape(q.Reason)).Append(',')
                .Append(CsvField.Escape(q.Payload));
            await output.WriteLineAsync(line, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    internal static IQueryable<QuarantinedRecord> Apply(IQueryable<QuarantinedRecord> query, QuarantineFilter? filter)
    {
        if (filter is null)
        {
            return query;
        }
        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            var kind = filter.Kind.Trim();
            query = query.Where(q => q.Kind == kind);
        }
        if (!string.IsNullOrWhiteSpace(filter.Source))
        {
            var source = filter.Source.Trim();
            query = query.Where(q => q.Source == source);
        }
        if (!string.IsNullOrWhiteSpace(filter.Field))
        {
            var field = filter.Field.Trim();
            query = query.Where(q => q.Field == field);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            // Lower-casing both sides gives the same case-insensitive match on every provider, whatever its collation.
            var text = filter.Text.Trim().ToLowerInvariant();
            query = query.Where(q =>
                q.Reason.ToLower().Contains(text) ||
                (q.RecordId != null && q.RecordId.ToLower().Contains(text)) ||
                (q.Payload != null && q.Payload.ToLower().Contains(text)));
        }
        if (filter.FromUtc is { } from)
        {
            query = query.Where(q => q.ReceivedAt >= from);
        }
        if (filter.ToUtc is { } to)
        {
            query = query.Where(q => q.ReceivedAt < to);
        }
        return query;
    }

    private static IQueryable<QuarantinedRecord> Sort(IQueryable<QuarantinedRecord> query, QuarantineSort sort, bool descending)
    {
        var ordered = (sort, descending) switch
        {
            (QuarantineSort.Kind, false) => query.OrderBy(q => q.Kind),
            (QuarantineSort.Kind, true) => query.OrderByDescending(q => q.Kind),
            (QuarantineSort.Source, false) => query.OrderBy(q => q.Source),
            (QuarantineSort.Source, true) => query.OrderByDescending(q => q.Source),
            (QuarantineSort.Field, false) => query.OrderBy(q => q.Field),
            (QuarantineSort.Field, true) => query.OrderByDescending(q => q.Field),
            (QuarantineSort.Reason, false) => query.OrderBy(q => q.Reason),
            (QuarantineSort.Reason, true) => query.OrderByDescending(q => q.Reason),
            (QuarantineSort.RecordId, false) => query.OrderBy(q => q.RecordId),
            (QuarantineSort.RecordId, true) => query.OrderByDescending(q => q.RecordId),
            (_, false) => query.OrderBy(q => q.ReceivedAt),
            _ => query.OrderByDescending(q => q.ReceivedAt),
        };
        // The id breaks ties so paging is stable when many rows share a value.
        return descending ? ordered.ThenByDescending(q => q.Id) : ordered.ThenBy(q => q.Id);
    }
}
