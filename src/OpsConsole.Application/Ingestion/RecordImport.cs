using System.Text.Json;
using OpsConsole.Data;
using OpsConsole.Learners;

namespace OpsConsole.Ingestion;

/// <summary>
/// The loop shared by the learner and catalogue imports: each record carries its id in an "id" field; valid
/// records are upserted (saved every thousand so memory stays flat) even when others are rejected, and every
/// rejected one is quarantined with its reason.
/// </summary>
internal static class RecordImport
{
    private const int SaveEvery = 1000;

    public static async Task<ImportResult> RunAsync<T>(
        IEnumerable<IncomingRecord> records,
        OpsDbContext db,
        Func<string?, JsonElement, int, (T? Record, Rejection? Rejection)> parse,
        Func<T, Task> upsert,
        CancellationToken cancellationToken) where T : class
    {
        var rejected = new List<Rejection>();
        var accepted = 0;
        foreach (var record in records)
        {
            if (record.Json is not { } json)
            {
                rejected.Add(new Rejection(record.Index, null, "(record)", record.ParseError ?? "is not valid JSON"));
                continue;
            }
            var id = JsonFields.String(json, "id", out var idError);
            var (parsed, rejection) = idError is not null ? (null, new Rejection(record.Index, null, "id", idError)) : parse(id, json, record.Index);
            if (rejection is not null)
            {
                rejected.Add(rejection);
                continue;
            }
            await upsert(parsed!);
            if (++accepted % SaveEvery == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new ImportResult(accepted, rejected);
    }
}
