using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;
using OpsConsole.Telemetry;

namespace OpsConsole.Ingestion;

/// <summary>
/// The loop's inlet: validates a batch record by record, stores the valid events (idempotently by event id),
/// keeps every rejected record in quarantine with its reason, and only then reports the outcome.
/// </summary>
public sealed class IngestionService(
    EventParser parser,
    EventStore store,
    IDbContextFactory<OpsDbContext> contexts,
    IIngestionNotifier notifier,
    TimeProvider clock,
    OpsMetrics metrics,
    ILogger<IngestionService> logger)
{
    /// <summary>Events committed per transaction; big enough to amortise the commit, small enough to bound memory.</summary>
    public const int ChunkSize = 10_000;
    private const int MaxQuarantinedPayloadChars = 8_000;

    public async Task<IngestResult> IngestAsync(IEnumerable<IncomingRecord> records, string source, CancellationToken cancellationToken = default)
    {
        using var activity = OpsTelemetry.Source.StartActivity("ingest batch");
        activity?.SetTag("opsconsole.ingestion.source", source);
        var started = Stopwatch.GetTimestamp();
        var accepted = 0;
        var duplicates = 0;
        var quarantined = 0;
        var rejected = new List<Rejection>();
        try
        {
            return await IngestCoreAsync();
        }
        catch (Exception e)
        {
            activity.Fail(e);
            throw;
        }
        finally
        {
            // What was committed counts even when a later chunk failed: those events are stored.
            metrics.RecordIngestion(source, accepted, duplicates, quarantined, Stopwatch.GetElapsedTime(started));
            activity?.SetTag("opsconsole.ingestion.accepted", accepted);
            activity?.SetTag("opsconsole.ingestion.duplicates", duplicates);
            activity?.SetTag("opsconsole.ingestion.rejected", quarantined);
        }

        async Task<IngestResult> IngestCoreAsync()
        {
            var quarantine = new List<QuarantinedRecord>();
            var pending = new List<BehaviorEvent>(ChunkSize);

            async Task FlushAsync()
            {
                if (pending.Count == 0) return;
                var result = await store.AppendAsync(pending, cancellationToken);
                accepted += result.Inserted;
                duplicates += result.Duplicates;
                pending.Clear();
            }

            foreach (var record in records)
            {
                Rejection? rejection;
                if (record.Json is { } json)
                {
                    if (parser.TryParse(json, record.Index, out var parsed, out rejection))
                    {
                        pending.Add(parsed!);
                        if (pending.Count >= ChunkSize)
                        {
                            await FlushAsync();
                        }
                        continue;
                    }
                }
                else
                {
                    rejection = new Rejection(record.Index, null, "(record)", record.ParseError ?? "is not valid JSON");
                }
                rejected.Add(rejection!);
                quarantine.Add(new QuarantinedRecord
                {
                    Kind = "event",
                    Source = source,
                    Index = record.Index,
                    RecordId = rejection!.EventId,
                    Field = rejection.Field,
                    Reason = rejection.Reason,
                    Payload = Truncate(record.Json?.GetRawText() ?? record.RawText),
                });
            }
            await FlushAsync();
            await QuarantineAsync(quarantine, cancellationToken);
            quarantined = quarantine.Count;

            if (rejected.Count > 0)
            {
                logger.LogInformation("Ingestion from {Source}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected", source, accepted, duplicates, rejected.Count);
            }
            if (accepted + rejected.Count > 0)
            {
                await notifier.BatchCommittedAsync(new IngestionPulse(accepted, duplicates, rejected.Count, clock.GetUtcNow().UtcDateTime), cancellationToken);
            }
            return new IngestResult(accepted, duplicates, rejected);
        }
    }

    public async Task QuarantineAsync(IReadOnlyCollection<QuarantinedRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var q in records)
        {
            q.ReceivedAt = now;
        }
        db.Quarantine.AddRange(records);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Truncate(string? text) =>
        text is null || text.Length <= MaxQuarantinedPayloadChars ? text : text[..MaxQuarantinedPayloadChars];
}
