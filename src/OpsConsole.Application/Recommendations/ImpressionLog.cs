using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OpsConsole.Data;

namespace OpsConsole.Recommendations;

/// <summary>
/// Writes served lists as impressions in batches off the request path: a recommendation answers in milliseconds
/// and must not wait for an insert per item. Feedback that names a list not yet written flushes first.
/// Every list served writes a row per item, as many rows a second as the API serves items, so the batches go in
/// the way ingestion writes events (a prepared statement in one transaction on SQLite, binary COPY on PostgreSQL):
/// through EF change tracking the writer fell behind a busy server and took CPU from serving.
/// </summary>
public sealed class ImpressionLog(IDbContextFactory<OpsDbContext> contexts, ILogger<ImpressionLog> logger)
{
    private const int MaxRowsPerWrite = 5_000;

    private readonly Channel<RecommendationImpression[]> _queue = Channel.CreateUnbounded<RecommendationImpression[]>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly SemaphoreSlim _writing = new(1, 1);

    public void Enqueue(RecommendationImpression[] rows)
    {
        if (rows.Length > 0)
        {
            _queue.Writer.TryWrite(rows);
        }
    }

    /// <summary>Waits until something is queued (for the background writer).</summary>
    public ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Writes everything queued so far. Concurrent callers wait for the writer, so once it returns their lists are stored.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        var batch = new List<RecommendationImpression>();
        try
        {
            while (true)
            {
                while (batch.Count < MaxRowsPerWrite && _queue.Reader.TryRead(out var rows))
                {
                    batch.AddRange(rows);
                }
                if (batch.Count == 0)
                {
                    return;
                }
                await WriteAsync(batch, cancellationToken);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            // Back in the queue: the next write tries again, so a database blip costs a delay, not the lists served meanwhile.
            foreach (var row in batch)
            {
                row.Id = 0;
            }
            _queue.Writer.TryWrite([.. batch]);
            if (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Writing {Count} recommendation impressions failed; they stay queued.", batch.Count);
            }
            throw;
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteAsync(List<RecommendationImpression> rows, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The context says which provider it runs on, so the log needs nothing but the context factory.
        switch (db.Database.ProviderName)
        {
            case "Microsoft.EntityFrameworkCore.Sqlite":
                await WriteSqliteAsync(db, rows, cancellationToken);
                break;
            case "Npgsql.EntityFrameworkCore.PostgreSQL":
                await WritePostgresAsync(db, rows, cancellationToken);
                break;
            default:
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                db.RecommendationImpressions.AddRange(rows);
                await db.SaveChangesAsync(cancellationToken);
                break;
        }
    }

    private static async Task WriteSqliteAsync(OpsDbContext db, List<RecommendationImpression> rows, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        try
        {
            // A batch of 5,000 rows lands on as many scattered pages of the learner index: the same page cache and
            // checkpointing as event appends, which measured the largest share of a busy server's CPU in this writer.
            await SqliteBulkWrite.BeginAsync(connection, ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = """
                    INSERT INTO "RecommendationImpressions" ("RecommendationId","LearnerId","ItemId","Position","Score","ModelId","Context","ColdStart","ServedAt")
                    VALUES ($recommendationId,$learnerId,$itemId,$position,$score,$modelId,$context,$coldStart,$servedAt)
                    """;
                var recommendationId = insert.Parameters.Add("$recommendationId", SqliteType.Text);
                var learnerId = insert.Parameters.Add("$learnerId", SqliteType.Text);
                var itemId = insert.Parameters.Add("$itemId", SqliteType.Text);
                var position = insert.Parameters.Add("$position", SqliteType.Integer);
                var score = insert.Parameters.Add("$score", SqliteType.Real);
                var modelId = insert.Parameters.Add("$modelId", SqliteType.Integer);
                var context = insert.Parameters.Add("$context", SqliteType.Text);
                var coldStart = insert.Parameters.Add("$coldStart", SqliteType.Integer);
                var servedAt = insert.Parameters.Add("$servedAt", SqliteType.Text);
                insert.Prepare();
                foreach (var row in rows)
                {
                    recommendationId.Value = row.RecommendationId;
                    learnerId.Value = row.LearnerId;
                    itemId.Value = row.ItemId;
                    position.Value = row.Position;
                    score.Value = row.Score;
                    modelId.Value = row.ModelId;
                    context.Value = row.Context;
                    coldStart.Value = row.ColdStart;
                    // The text EF stores for a DateTime on SQLite, so its queries read these rows back unchanged.
                    servedAt.Value = row.ServedAt;
                    insert.ExecuteNonQuery();
                }
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            await SqliteBulkWrite.EndAsync(connection);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task WritePostgresAsync(OpsDbContext db, List<RecommendationImpression> rows, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var copy = await connection.BeginBinaryImportAsync(
                """COPY "RecommendationImpressions" ("RecommendationId","LearnerId","ItemId","Position","Score","ModelId","Context","ColdStart","ServedAt") FROM STDIN (FORMAT BINARY)""", ct);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(row.RecommendationId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(row.LearnerId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(row.ItemId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(row.Position, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(row.Score, NpgsqlDbType.Real, ct);
                await copy.WriteAsync(row.ModelId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(row.Context, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(row.ColdStart, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(row.ServedAt, NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
