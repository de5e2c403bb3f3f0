using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;

namespace OpsConsole.Catalog;

/// <summary>Upserts catalogue items from the API or an import file, with the same per-field validation as events.</summary>
public sealed class CatalogRecords(IDbContextFactory<OpsDbContext> contexts, IngestionService ingestion, TimeProvider clock)
{
    public async Task<UpsertOutcome> UpsertAsync(string id, JsonElement body, CancellationToken cancellationToken = default)
    {
        var (item, rejection) = Parse(id, body, 0);
        if (rejection is not null)
        {
            throw new RecordRejectedException(rejection);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var created = await UpsertAsync(db, item!, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return created ? UpsertOutcome.Created : UpsertOutcome.Updated;
    }

    /// <summary>Each record carries its id in an "id" field; valid ones are stored even when others are rejected.</summary>
    public async Task<ImportResult> ImportAsync(IEnumerable<IncomingRecord> records, string source, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await RecordImport.RunAsync(records, db, Parse, item => UpsertAsync(db, item, cancellationToken), cancellationToken);
        await ingestion.QuarantineAsync(result.Rejected.Select(r => LearnerRecords.Quarantined(r, source, "catalog")).ToList(), cancellationToken);
        return result;
    }

    private async Task<bool> UpsertAsync(OpsDbContext db, CatalogItem incoming, CancellationToken ct)
    {
        incoming.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Catalog.FindAsync([incoming.Id], ct);
        if (existing is null)
        {
            db.Catalog.Add(incoming);
            return true;
        }
        db.Entry(existing).CurrentValues.SetValues(incoming);
        return false;
    }

    internal static (CatalogItem?, Rejection?) Parse(string? id, JsonElement json, int index)
    {
        Rejection Reject(string field, string reason) => new(index, id, field, reason);
        if (json.ValueKind != JsonValueKind.Object) return (null, Reject("(record)", "must be a JSON object"));
        if (string.IsNullOrEmpty(id)) return (null, Reject("id", "is required"));
        if (id.Length > CatalogItem.IdMaxLength) return (null, Reject("id", $"must be 1 to {CatalogItem.IdMaxLength} characters"));

        var title = JsonFields.String(json, "title", out var error);
        if (error is not null) return (null, Reject("title", error));
        if (string.IsNullOrWhiteSpace(title)) return (null, Reject("title", "is required"));
        if (title.Length > 256) return (null, Reject("title", "must be at most 256 characters"));

        var kindText = JsonFields.String(json, "kind", out error);
        if (error is not null) return (null, Reject("kind", error));
        var kind = ContentKind.Course;
        if (kindText is not null && !Enum.TryParse(kindText.Replace("_", ""), ignoreCase: true, out kind))
        {
            return (null, Reject("kind", "must be course, column, live_class, ebook or article"));
        }
        var levelText = JsonFields.String(json, "level", out error);
        if (error is not null) return (null, Reject("level", error));
        var level = ContentLevel.Beginner;
        if (levelText is not null && !Enum.TryParse(levelText, ignoreCase: true, out level))
        {
            return (null, Reject("level", "must be beginner, intermediate or advanced"));
        }
        var price = JsonFields.Decimal(json, "price", out error) ?? 0m;
        if (error is not null) return (null, Reject("price", error));
        if (price < 0) return (null, Reject("price", "must be zero or more"));
        var currency = JsonFields.String(json, "currency", out error) ?? "CNY";
        if (error is not null) return (null, Reject("currency", error));
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)) return (null, Reject("currency", "must be a three-letter ISO-4217 code such as CNY or USD"));
        var topic = JsonFields.String(json, "topic", out error) ?? "";
        if (error is not null) return (null, Reject("topic", error));
        if (topic.Length > 64) return (null, Reject("topic", "must be at most 64 characters"));
        var instructor = JsonFields.String(json, "instructor", out error);
        if (error is not null) return (null, Reject("instructor", error));
        if (instructor is { Length: > 128 }) return (null, Reject("instructor", "must be at most 128 characters"));

        string tags = "";
        if (json.TryGetProperty("tags", out var tagsElement) && tagsElement.ValueKind != JsonValueKind.Null)
        {
            if (tagsElement.ValueKind != JsonValueKind.Array || tagsElement.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
            {
                return (null, Reject("tags", "must be an array of strings"));
            }
            var texts = new List<string>();
            foreach (var tag in tagsElement.EnumerateArray())
            {
                var text = JsonFields.Text(tag, out error);
                if (error is not null) return (null, Reject("tags", error));
                texts.Add(text!.Trim().ToLowerInvariant());
            }
            tags = string.Join(',', texts.Where(t => t.Length > 0).Distinct());
            if (tags.Length > 512) return (null, Reject("tags", "must total at most 512 characters"));
        }
        var published = JsonFields.Timestamp(json, "publishedAt", out error);
        if (error is not null) return (null, Reject("publishedAt", error));
        var retired = JsonFields.Timestamp(json, "retiredAt", out error);
        if (error is not null) return (null, Reject("retiredAt", error));

        return (new CatalogItem
        {
            Id = id,
            Kind = kind,
            Title = title.Trim(),
            Topic = topic.Trim().ToLowerInvariant(),
            Tags = tags,
            Price = price,
            Currency = currency,
            Instructor = instructor,
            Level = level,
            PublishedAt = published,
            RetiredAt = retired,
        }, null);
    }
}
