using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Profiles;

namespace OpsConsole.Recommendations;

/// <summary>A click or purchase report as the API receives it; every field is checked and named when wrong.</summary>
public sealed record FeedbackRequest(string? RecommendationId, string? ItemId, string? Kind, decimal? Amount, DateTimeOffset? OccurredAt);

public sealed record FeedbackResult(string RecommendationId, string ItemId, string Kind, int Position, int ModelVersion, bool AlreadyRecorded);

/// <summary>
/// Credits clicks and purchases to the list and position that showed the item. A click reported here also enters the
/// event log as <c>recommendation_click</c>, so it shapes profiles and the next training run; clicks and purchases
/// that arrive as events through ingestion are credited too (see <see cref="CreditEventsAsync"/>).
/// </summary>
public sealed class RecommendationFeedbackService(
    IDbContextFactory<OpsDbContext> contexts,
    ImpressionLog impressions,
    IngestionService ingestion,
    RecommenderOptions options,
    TimeProvider clock)
{
    public const string CheckpointName = "recommendation-clicks";
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public async Task<FeedbackResult> RecordAsync(FeedbackRequest request, CancellationToken cancellationToken)
    {
        var recommendationId = Required(request.RecommendationId, "recommendationId", RecommendationImpression.RecommendationIdMaxLength);
        var itemId = Required(request.ItemId, "itemId", Catalog.CatalogItem.IdMaxLength);
        var kind = request.Kind switch
        {
            "click" => FeedbackKind.Click,
            "purchase" => FeedbackKind.Purchase,
            null or "" => throw new RecommendationRequestException("kind", "kind is required: 'click' or 'purchase'."),
            _ => throw new RecommendationRequestException("kind", $"kind must be 'click' or 'purchase', not '{request.Kind}'."),
        };
        if (request.Amount is < 0)
        {
            throw new RecommendationRequestException("amount", "amount must be zero or more.");
        }
        var now = clock.GetUtcNow();
        if (request.OccurredAt > now + MaxClockSkew)
        {
            throw new RecommendationRequestException("occurredAt", "occurredAt is more than 5 minutes in the future.");
        }
        var occurredAt = (request.OccurredAt ?? now).UtcDateTime;

        var impression = await FindAsync(recommendationId, itemId, cancellationToken);
        if (impression is null)
        {
            // The list may still be in the write queue if the learner clicked within a second of seeing it.
            await impressions.FlushAsync(cancellationToken);
            impression = await FindAsync(recommendationId, itemId, cancellationToken);
        }
        if (impression is null)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            throw await db.RecommendationImpressions.AnyAsync(i => i.RecommendationId == recommendationId, cancellationToken)
                ? new RecommendationRequestException("itemId", $"Item '{itemId}' was not in recommendation '{recommendationId}'.")
                : new UnknownRecommendationException(recommendationId);
        }
        var added = await CreditAsync(impression, kind, occurredAt, request.Amount, cancellationToken);
        if (kind == FeedbackKind.Click)
        {
            await ingestion.IngestAsync([ClickEvent(impression, occurredAt)], "recommendation-feedback", cancellationToken);
        }
        return new FeedbackResult(recommendationId, itemId, request.Kind!, impression.Position, impression.ModelId, !added);
    }

    /// <summary>
    /// Credits events that arrived through ingestion since the last pass: <c>recommendation_click</c> events naming
    /// their list in <c>properties.recommendationId</c>, and purchases of an item that was recommended to the same
    /// learner within <see cref="RecommenderOptions.AttributionDays"/> before (the latest such list gets the credit).
    /// Returns how many events were read.
    /// </summary>
    public async Task<int> CreditEventsAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var checkpoint = await db.Checkpoints.FirstOrDefaultAsync(c => c.Name == CheckpointName, cancellationToken);
        if (checkpoint is null)
        {
            checkpoint = new ProjectionCheckpoint { Name = CheckpointName };
            db.Checkpoints.Add(checkpoint);
        }
        if (!await db.RecommendationImpressions.AnyAsync(cancellationToken))
        {
            // Nothing was ever recommended, so nothing before now can be credited: skip the history instead of reading it.
            checkpoint.Position = await db.Events.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
            checkpoint.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (db.Entry(checkpoint).State == EntityState.Added)
            {
                // Several instances start on a fresh database together and each creates the checkpoint; one wins, and
                // the others read its row on their next pass.
            }
            return 0;
        }
        var events = await db.Events.AsNoTracking()
            .Where(e => e.Seq > checkpoint.Position && e.ItemId != null && (e.Type == EventType.RecommendationClick || e.Type == EventType.Purchase))
            .OrderBy(e => e.Seq).Take(batchSize)
            .Select(e => new { e.Seq, e.Type, e.LearnerId, e.ItemId, e.OccurredAt, e.Amount, e.Properties })
            .ToListAsync(cancellationToken);
        foreach (var e in events)
        {
            if (e.Type == EventType.RecommendationClick)
            {
                if (RecommendationIdOf(e.Properties) is { } recommendationId && await FindAsync(recommendationId, e.ItemId!, cancellationToken) is { } shown)
                {
                    await CreditAsync(shown, FeedbackKind.Click, e.OccurredAt, null, cancellationToken);
                }
                continue;
            }
            var since = e.OccurredAt.AddDays(-options.AttributionDays);
            var latest = await db.RecommendationImpressions.AsNoTracking()
                .Where(i => i.LearnerId == e.LearnerId && i.ItemId == e.ItemId && i.ServedAt >= since && i.ServedAt <= e.OccurredAt)
                .OrderByDescending(i => i.ServedAt).FirstOrDefaultAsync(cancellationToken);
            if (latest is not null)
            {
                await CreditAsync(latest, FeedbackKind.Purchase, e.OccurredAt, e.Amount, cancellationToken);
            }
        }
        if (events.Count > 0)
        {
            checkpoint.Position = events[^1].Seq;
            checkpoint.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        return events.Count;
    }

    private async Task<RecommendationImpression?> FindAsync(string recommendationId, string itemId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RecommendationImpressions.AsNoTracking()
            .FirstOrDefaultAsync(i => i.RecommendationId == recommendationId && i.ItemId == itemId, cancellationToken);
    }

    /// <summary>Stores the credit unless that list's item already has one of this kind; true when it was new.</summary>
    private async Task<bool> CreditAsync(RecommendationImpression impression, FeedbackKind kind, DateTime occurredAt, decimal? amount, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.RecommendationFeedback.AnyAsync(f => f.RecommendationId == impression.RecommendationId && f.ItemId == impression.ItemId && f.Kind == kind, cancellationToken))
        {
            return false;
        }
        db.RecommendationFeedback.Add(new RecommendationFeedback
        {
            RecommendationId = impression.RecommendationId,
            ItemId = impression.ItemId,
            Kind = kind,
            OccurredAt = occurredAt,
            Amount = amount,
            ModelId = impression.ModelId,
            Position = impression.Position,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // A concurrent report of the same click won the unique index: the credit exists, which is all that matters.
            return false;
        }
    }

    private static IncomingRecord ClickEvent(RecommendationImpression impression, DateTime occurredAt)
    {
        var json = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["eventId"] = $"rec-click:{impression.RecommendationId}:{impression.ItemId}",
            ["learnerId"] = impression.LearnerId,
            ["type"] = EventType.RecommendationClick.ToWireName(),
            ["occurredAt"] = occurredAt.ToString("O"),
            ["itemId"] = impression.ItemId,
            ["properties"] = new Dictionary<string, object> { ["recommendationId"] = impression.RecommendationId, ["position"] = impression.Position, ["modelVersion"] = impression.ModelId },
        });
        return IncomingRecord.Parsed(0, json);
    }

    internal static string? RecommendationIdOf(string? properties)
    {
        if (string.IsNullOrEmpty(properties))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(properties);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("recommendationId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Required(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? throw new RecommendationRequestException(field, $"{field} is required.")
        : value.Length > maxLength ? throw new RecommendationRequestException(field, $"{field} must be at most {maxLength} characters.")
        : value;
}

/// <summary>Feedback names a recommendation id that was never served.</summary>
public sealed class UnknownRecommendationException(string recommendationId) : Exception($"No recommendation '{recommendationId}' was served.")
{
    public string RecommendationId { get; } = recommendationId;
}
