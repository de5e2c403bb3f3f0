using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;

namespace OpsConsole.Recommendations;

/// <summary>
/// Writes served lists as impressions in batches off the request path: a recommendation answers in milliseconds
/// and must not wait for an insert per item. Feedback that names a list not yet written flushes first.
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
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                db.RecommendationImpressions.AddRange(batch);
                await db.SaveChangesAsync(cancellationToken);
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
}
