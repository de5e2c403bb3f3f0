using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OpsConsole.Data;
using OpsConsole.Learners;

namespace OpsConsole.Ingestion;

/// <summary>
/// Appends validated events in one transaction per batch, creating learners first seen in the batch.
/// Events and learners are written with each provider's fast path (prepared statements on SQLite,
/// binary COPY on PostgreSQL) because ingestion is the hottest write in the product; the result is
/// committed before it returns, so whatever the caller acknowledges is durable.
/// </summary>
public sealed class EventStore(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions options, TimeProvider clock)
{
    public async Task<AppendResult> AppendAsync(IReadOnlyList<BehaviorEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return new AppendResult(0, 0);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var e in events)
        {
            e.ReceivedAt = now;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            var inserted = options.Provider switch
            {
                DatabaseProvider.Sqlite => await AppendSqliteAsync(db, events, now, cancellationToken),
                DatabaseProvider.PostgreSql => await AppendPostgresAsync(db, events, now, cancellationToken),
                _ => await AppendPortableAsync(db, events, now, cancellationToken),
            };
            return new AppendResult(inserted, events.Count - inserted);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// One appender at a time per SQLite file. SQLite takes one writer anyway, so this costs no throughput; it spares
    /// waiting batches the busy handler's sleep-and-retry, and bounds the large page cache below to one connection.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> SqliteAppenders = new(StringComparer.Ordinal);

    private static async Task<int> AppendSqliteAsync(OpsDbContext db, IReadOnlyList<BehaviorEvent> events, DateTime now, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var appender = SqliteAppenders.GetOrAdd(connection.DataSource, _ => new SemaphoreSlim(1, 1));
        await appender.WaitAsync(ct);
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            return await AppendSqliteLockedAsync(connection, events, now, ct);
        }
        finally
        {
            await SqliteBulkWrite.EndAsync(connection);
            appender.Release();
        }
    }

    private static async Task<int> AppendSqliteLockedAsync(SqliteConnection connection, IReadOnlyList<BehaviorEvent> events, DateTime now, CancellationToken ct)
    {
        await SqliteBulkWrite.BeginAsync(connection, ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);

        await using (var learner = connection.CreateCommand())
        {
            // One statement for the batch's thousands of learners: SQLite walks the JSON array itself, which costs far
            // less than a round of parameter binding per learner. Id order keeps the walk over the key's pages sequential.
            learner.Transaction = tx;
            learner.CommandText = """
                INSERT INTO "Learners" ("Id","SignupAt","Tier","CreatedAt","UpdatedAt")
                SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), 'None', $now, $now FROM json_each($learners) WHERE true
                ON CONFLICT("Id") DO NOTHING
                """;
            learner.Parameters.AddWithValue("$now", now);
            learner.Parameters.AddWithValue("$learners", LearnersJson(FirstSeen(events)));
            await learner.ExecuteNonQueryAsync(ct);
        }

        var inserted = 0;
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO "Events" ("EventKey","EventId","LearnerId","Type","OccurredAt","ReceivedAt","ItemId","SessionId","Amount","Currency","Properties")
                VALUES ($eventKey,$eventId,$learnerId,$type,$occurredAt,$receivedAt,$itemId,$sessionId,$amount,$currency,$properties)
                ON CONFLICT("EventKey") DO NOTHING
                """;
            var eventKey = insert.Parameters.Add("$eventKey", SqliteType.Blob);
            var eventId = insert.Parameters.Add("$eventId", SqliteType.Text);
            var learnerId = insert.Parameters.Add("$learnerId", SqliteType.Text);
            var type = insert.Parameters.Add("$type", SqliteType.Text);
            var occurredAt = insert.Parameters.Add("$occurredAt", SqliteType.Text);
            insert.Parameters.AddWithValue("$receivedAt", now);
            var itemId = insert.Parameters.Add("$itemId", SqliteType.Text);
            var sessionId = insert.Parameters.Add("$sessionId", SqliteType.Text);
            var amount = insert.Parameters.Add("$amount", SqliteType.Text);
            var currency = insert.Parameters.Add("$currency", SqliteType.Text);
            var properties = insert.Parameters.Add("$properties", SqliteType.Text);
            insert.Prepare();
            foreach (var e in events)
            {
                // The same bytes EF's Guid-to-bytes conversion stores for this column.
                eventKey.Value = e.EventKey.ToByteArray();
                eventId.Value = e.EventId;
                learnerId.Value = e.LearnerId;
                type.Value = TypeNames[(int)e.Type];
                occurredAt.Value = e.OccurredAt;
                itemId.Value = (object?)e.ItemId ?? DBNull.Value;
                sessionId.Value = (object?)e.SessionId ?? DBNull.Value;
                amount.Value = (object?)e.Amount ?? DBNull.Value;
                currency.Value = (object?)e.Currency ?? DBNull.Value;
                properties.Value = (object?)e.Properties ?? DBNull.Value;
                inserted += insert.ExecuteNonQuery();
            }
        }
        await tx.CommitAsync(ct);
        return inserted;
    }

    private static async Task<int> AppendPostgresAsync(OpsDbContext db, IReadOnlyList<BehaviorEvent> events, DateTime now, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Almost every batch is new events: COPY them straight into Events, which the unique key turns into an error
        // if any of them is already there (or repeats inside the batch). Only then is the batch redone through a
        // staging table with ON CONFLICT DO NOTHING, which costs about twice as much per row.
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            try
            {
                await UpsertLearnersPostgresAsync(connection, events, now, ct);
                await using (var copy = await connection.BeginBinaryImportAsync(
                    """COPY "Events" ("EventKey","EventId","LearnerId","Type","OccurredAt","ReceivedAt","ItemId","SessionId","Amount","Currency","Properties") FROM STDIN (FORMAT BINARY)""", ct))
                {
                    foreach (var e in events)
                    {
                        await copy.StartRowAsync(ct);
                        await WriteEventColumnsAsync(copy, e, now, ct);
                    }
                    await copy.CompleteAsync(ct);
                }
                await tx.CommitAsync(ct);
                return events.Count;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await tx.RollbackAsync(ct);
            }
        }
        return await AppendPostgresDeduplicatingAsync(connection, events, now, ct);
    }

    private static async Task<int> AppendPostgresDeduplicatingAsync(NpgsqlConnection connection, IReadOnlyList<BehaviorEvent> events, DateTime now, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Execute(connection, """
            CREATE TEMP TABLE events_in (
              "EventKey" uuid, "EventId" varchar(128), "LearnerId" varchar(64), "Type" varchar(32), "OccurredAt" timestamptz, "ReceivedAt" timestamptz,
              "ItemId" varchar(64), "SessionId" varchar(128), "Amount" numeric(18,2), "Currency" char(3), "Properties" varchar(4096), "Ord" int
            ) ON COMMIT DROP
            """, ct);
        await using (var copy = await connection.BeginBinaryImportAsync(
            """COPY events_in ("EventKey","EventId","LearnerId","Type","OccurredAt","ReceivedAt","ItemId","SessionId","Amount","Currency","Properties","Ord") FROM STDIN (FORMAT BINARY)""", ct))
        {
            for (var i = 0; i < events.Count; i++)
            {
                await copy.StartRowAsync(ct);
                await WriteEventColumnsAsync(copy, events[i], now, ct);
                await copy.WriteAsync(i, NpgsqlDbType.Integer, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await UpsertLearnersPostgresAsync(connection, events, now, ct);
        int inserted;
        // Ordered by arrival so the store's sequence follows the sender's order.
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO "Events" ("EventKey","EventId","LearnerId","Type","OccurredAt","ReceivedAt","ItemId","SessionId","Amount","Currency","Properties")
            SELECT "EventKey","EventId","LearnerId","Type","OccurredAt","ReceivedAt","ItemId","SessionId","Amount","Currency","Properties" FROM events_in ORDER BY "Ord"
            ON CONFLICT ("EventKey") DO NOTHING
            """, connection))
        {
            inserted = await insert.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return inserted;
    }

    /// <summary>Creates the learners first seen in the batch, in id order so concurrent batches lock them in the same order.</summary>
    private static async Task UpsertLearnersPostgresAsync(NpgsqlConnection connection, IReadOnlyList<BehaviorEvent> events, DateTime now, CancellationToken ct)
    {
        var firstSeen = FirstSeen(events);
        var ids = firstSeen.Keys.ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        var signups = Array.ConvertAll(ids, id => firstSeen[id]);
        await using var learners = new NpgsqlCommand("""
            INSERT INTO "Learners" ("Id","SignupAt","Tier","CreatedAt","UpdatedAt")
            SELECT id, signup, 'None', @now, @now FROM unnest(@ids, @signups) AS l(id, signup)
            ON CONFLICT ("Id") DO NOTHING
            """, connection);
        learners.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
        learners.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Varchar, ids);
        learners.Parameters.AddWithValue("signups", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, signups);
        await learners.ExecuteNonQueryAsync(ct);
    }

    private static async Task WriteEventColumnsAsync(NpgsqlBinaryImporter copy, BehaviorEvent e, DateTime now, CancellationToken ct)
    {
        await copy.WriteAsync(e.EventKey, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(e.EventId, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(e.LearnerId, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(TypeNames[(int)e.Type], NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        await WriteNullable(copy, e.ItemId, NpgsqlDbType.Varchar, ct);
        await WriteNullable(copy, e.SessionId, NpgsqlDbType.Varchar, ct);
        if (e.Amount is { } a) { await copy.WriteAsync(a, NpgsqlDbType.Numeric, ct); } else { await copy.WriteNullAsync(ct); }
        await WriteNullable(copy, e.Currency, NpgsqlDbType.Char, ct);
        await WriteNullable(copy, e.Properties, NpgsqlDbType.Varchar, ct);
    }

    /// <summary>Any other provider (SQL Server): EF with an existence check; the unique index still guards races.</summary>
    private static async Task<int> AppendPortableAsync(OpsDbContext db, IReadOnlyList<BehaviorEvent> events, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var keys = events.Select(e => e.EventKey).Distinct().ToList();
        var known = new HashSet<Guid>();
        foreach (var chunk in keys.Chunk(1000))
        {
            known.UnionWith(await db.Events.Where(e => chunk.Contains(e.EventKey)).Select(e => e.EventKey).ToListAsync(ct));
        }
        var fresh = new List<BehaviorEvent>();
        foreach (var e in events)
        {
            if (known.Add(e.EventKey))
            {
                fresh.Add(e);
            }
        }
        var firstSeen = FirstSeen(fresh);
        var learnerIds = firstSeen.Keys.ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in learnerIds.Chunk(1000))
        {
            existing.UnionWith(await db.Learners.Where(l => chunk.Contains(l.Id)).Select(l => l.Id).ToListAsync(ct));
        }
        db.Learners.AddRange(firstSeen.Where(p => !existing.Contains(p.Key))
            .Select(p => new Learner { Id = p.Key, SignupAt = p.Value, CreatedAt = now, UpdatedAt = now }));
        db.Events.AddRange(fresh);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return fresh.Count;
    }

    /// <summary>[[id, first seen], ...] in id order, times in the text form SQLite's provider stores DateTime in.</summary>
    private static string LearnersJson(Dictionary<string, DateTime> firstSeen)
    {
        var ids = firstSeen.Keys.ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(ids.Length * 48 + 16);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var id in ids)
            {
                json.WriteStartArray();
                json.WriteStringValue(id);
                json.WriteStringValue(firstSeen[id].ToString(SqliteDateTimeFormat, CultureInfo.InvariantCulture));
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private const string SqliteDateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private static Dictionary<string, DateTime> FirstSeen(IEnumerable<BehaviorEvent> events)
    {
        var first = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!first.TryGetValue(e.LearnerId, out var seen) || e.OccurredAt < seen)
            {
                first[e.LearnerId] = e.OccurredAt;
            }
        }
        return first;
    }

    private static async Task Execute(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static Task WriteNullable(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    // Stored as the enum's name, the same text EF writes through its string conversion.
    private static readonly string[] TypeNames = BuildTypeNames();

    private static string[] BuildTypeNames()
    {
        var names = new string[Enum.GetValues<EventType>().Max(t => (int)t) + 1];
        foreach (var t in Enum.GetValues<EventType>())
        {
            names[(int)t] = t.ToString();
        }
        return names;
    }
}

public sealed record AppendResult(int Inserted, int Duplicates);
