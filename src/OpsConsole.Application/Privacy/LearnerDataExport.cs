using System.Buffers;
using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Privacy;

/// <summary>
/// The learner's right of access: everything held about one learner as one JSON document, grouped by table, with every
/// column as stored. Rows are streamed, so a learner with a long history never sits in memory whole.
/// </summary>
public sealed class LearnerDataExport(IDbContextFactory<OpsDbContext> contexts, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
        // Related rows appear under their own table, so navigation properties are left out of each row.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipNavigations } },
    };

    public async Task<bool> ExistsAsync(string learnerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LearnerFootprint.Learners(db, learnerId).AnyAsync(cancellationToken);
    }

    public async Task WriteJsonAsync(string learnerId, Stream output, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The writer fills a buffer that is copied out asynchronously: a web response refuses synchronous writes.
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = Json.Encoder });
        var sink = new Sink(json, buffer, output);
        json.WriteStartObject();
        json.WriteString("learnerId", learnerId);
        json.WriteString("exportedAt", clock.GetUtcNow().UtcDateTime);
        json.WriteStartObject("tables");
        await WriteAsync(sink, db, LearnerFootprint.Learners(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Pii(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Profiles(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Interests(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.PathSteps(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Activity(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.SegmentMembers(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Events(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Orders(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Refunds(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Memberships(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Tickets(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.TicketMessages(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.TicketAssignments(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.ExperimentExposures(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.ChurnScores(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.ChurnScoreHistory(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.ChurnAlerts(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Impressions(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Feedback(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Quarantine(db, learnerId), cancellationToken);
        await WriteAsync(sink, db, LearnerFootprint.Audit(db, learnerId), cancellationToken);
        json.WriteEndObject();
        json.WriteEndObject();
        await sink.DrainAsync(cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private sealed record Sink(Utf8JsonWriter Json, ArrayBufferWriter<byte> Buffer, Stream Output)
    {
        public async Task DrainAsync(CancellationToken cancellationToken)
        {
            Json.Flush();
            await Output.WriteAsync(Buffer.WrittenMemory, cancellationToken);
            Buffer.ResetWrittenCount();
        }
    }

    private static async Task WriteAsync<T>(Sink sink, OpsDbContext db, IQueryable<T> rows, CancellationToken cancellationToken) where T : class
    {
        var json = sink.Json;
        json.WritePropertyName(db.Model.FindEntityType(typeof(T))!.GetTableName()!);
        json.WriteStartArray();
        var written = 0;
        await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            JsonSerializer.Serialize(json, row, Json);
            if (++written % 200 == 0)
            {
                await sink.DrainAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
        await sink.DrainAsync(cancellationToken);
    }

    private static void SkipNavigations(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        foreach (var property in type.Properties.Where(p => IsEntity(p.PropertyType)).ToList())
        {
            type.Properties.Remove(property);
        }
    }

    private static bool IsEntity(Type type)
    {
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return type.GetGenericArguments().Any(IsEntity);
        }
        return type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("OpsConsole", StringComparison.Ordinal) == true;
    }
}
