using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Exports;

namespace OpsConsole.Privacy;

/// <summary>What an admin narrows the audit log down to. Every part is optional; times are UTC, <c>ToUtc</c> exclusive.</summary>
public sealed record AuditFilter(
    string? Actor = null,
    string? Action = null,
    string? Target = null,
    DateTime? FromUtc = null,
    DateTime? ToUtc = null)
{
    public static readonly AuditFilter None = new();
}

/// <summary>One page of the audit log, newest first; <paramref name="Page"/> counts from zero.</summary>
public sealed record AuditPageRequest(AuditFilter Filter, int Page = 0, int PageSize = 25);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int TotalCount);

/// <summary>Writes and searches the audit log of accesses to learners' data.</summary>
public sealed class AuditLog(IDbContextFactory<OpsDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 500;

    public async Task<AuditEntry> WriteAsync(string actor, string action, string? target, string? detail = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = Clip(actor, AuditEntry.ActorMaxLength)!,
            Action = Clip(action, AuditEntry.ActionMaxLength)!,
            Target = Clip(target, AuditEntry.TargetMaxLength),
            Detail = Clip(detail, AuditEntry.DetailMaxLength),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    public async Task<AuditPage> GetPageAsync(AuditPageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var size = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, request.Page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Apply(db.AuditLog.AsNoTracking(), request.Filter);
        var total = await query.CountAsync(cancellationToken);
        var items = await Newest(query).Skip(page * size).Take(size).ToListAsync(cancellationToken);
        return new AuditPage(items, total);
    }

    /// <summary>Every entry matching <paramref name="filter"/> as RFC 4180 CSV, newest first, streamed row by row.</summary>
    public async Task WriteCsvAsync(AuditFilter filter, TextWriter output, CancellationToken cancellationToken = default)
    {
        await output.WriteLineAsync("at_utc,actor,action,target,detail");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var line = new StringBuilder();
        await foreach (var a in Newest(Apply(db.AuditLog.AsNoTracking(), filter)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            line.Clear()
                .Append(a.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvField.Escape(a.Actor)).Append(',')
                .Append(CsvField.Escape(a.Action)).Append(',')
                .Append(CsvField.Escape(a.Target)).Append(',')
                .Append(CsvField.Escape(a.Detail));
            await output.WriteLineAsync(line, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    internal static IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> query, AuditFilter? filter)
    {
        if (filter is null)
        {
            return query;
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            // Lower-casing both sides gives the same case-insensitive match on every provider, whatever its collation.
            var actor = filter.Actor.Trim().ToLowerInvariant();
            query = query.Where(a => a.Actor.ToLower().Contains(actor));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(a => a.Action == action);
        }
        if (!string.IsNullOrWhiteSpace(filter.Target))
        {
            var target = filter.Target.Trim().ToLowerInvariant();
            query = query.Where(a => a.Target != null && a.Target.ToLower().Contains(target));
        }
        if (filter.FromUtc is { } from)
        {
            query = query.Where(a => a.At >= from);
        }
        if (filter.ToUtc is { } to)
        {
            query = query.Where(a => a.At < to);
        }
        return query;
    }

    private static IQueryable<AuditEntry> Newest(IQueryable<AuditEntry> query) => query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id);

    private static string? Clip(string? value, int max) => value is { Length: var n } && n > max ? value[..max] : value;
}
