using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Demo;

/// <summary>Generating into a test database and fingerprinting what was written.</summary>
internal static class DemoData
{
    /// <summary>Every table the generator writes.</summary>
    public static readonly string[] Tables = ["Catalog", "Learners", "LearnerPii", "Events", "Orders", "Refunds", "Memberships", "Tickets"];

    public static DemoPlatformGenerator Generator(TestDatabase database) => new(database.Contexts, database.Options);

    public static async Task<(TestDatabase Database, DemoSummary Summary)> GenerateAsync(DemoRequest request, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var summary = await Generator(database).GenerateAsync(request, null, TestContext.Current.CancellationToken);
        return (database, summary);
    }

    /// <summary>SQLite: row count and a SHA-256 over every stored value of every row (in key order), per table.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> StoredDigestAsync(TestDatabase database)
    {
        var ct = TestContext.Current.CancellationToken;
        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection(database.ConnectionString + ";Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        foreach (var table in Tables)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = 0;
            while (await reader.ReadAsync(ct))
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes((reader.IsDBNull(i) ? "\u2400" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)) + "\u001f"));
                }
                hash.AppendData("\u001e"u8);
            }
            digests[table] = $"{rows}:{Convert.ToHexString(hash.GetHashAndReset())}";
        }
        return digests;
    }

    /// <summary>Any provider: the same fingerprint read back through EF, with values in one canonical text form.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ModelDigestAsync(TestDatabase database)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await database.Contexts.CreateDbContextAsync(ct);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Catalog"] = Hash((await db.Catalog.OrderBy(c => c.Id).ToListAsync(ct))
                .Select(c => Row(c.Id, c.Kind, c.Title, c.Topic, c.Tags, Money(c.Price), c.Currency, c.Instructor, c.Level, c.PublishedAt, c.RetiredAt, c.UpdatedAt))),
            ["Learners"] = Hash((await db.Learners.Include(l => l.Pii).OrderBy(l => l.Id).ToListAsync(ct))
                .Select(l => Row(l.Id, l.SignupAt, l.Channel, l.Region, l.Device, l.Locale, l.Tier, l.CreatedAt, l.UpdatedAt, l.Pii?.Name, l.Pii?.Email, l.Pii?.Phone))),
            ["Events"] = Hash((await db.Events.OrderBy(e => e.Seq).ToListAsync(ct))
                .Select(e => Row(e.Seq, e.EventId, e.LearnerId, e.Type, e.OccurredAt, e.ReceivedAt, e.ItemId, e.SessionId, Money(e.Amount), e.Currency, e.Properties))),
            ["Orders"] = Hash((await db.Orders.OrderBy(o => o.Id).ToListAsync(ct))
                .Select(o => Row(o.Id, o.LearnerId, o.ItemId, Money(o.Amount), o.Currency, o.PlacedAt, o.Coupon))),
            ["Refunds"] = Hash((await db.Refunds.OrderBy(r => r.Id).ToListAsync(ct))
                .Select(r => Row(r.Id, r.OrderId, Money(r.Amount), r.RefundedAt, r.Reason))),
            ["Memberships"] = Hash((await db.Memberships.OrderBy(m => m.Id).ToListAsync(ct))
                .Select(m => Row(m.Id, m.LearnerId, m.Plan, m.StartedAt, m.ExpiresAt, m.Renewals, m.FailedRenewals, m.CancelledAt))),
            ["Tickets"] = Hash((await db.Tickets.OrderBy(t => t.Id).ToListAsync(ct))
                .Select(t => Row(t.Id, t.LearnerId, t.Subject, t.Body, t.Language, t.Channel, t.Status, t.Priority, t.CreatedAt, t.FirstRespondedAt, t.ResolvedAt))),
        };
    }

    private static string? Money(decimal? value) => value?.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Row(params object?[] values) =>
        string.Join('\u001f', values.Select(v => v switch
        {
            null => "\u2400",
            DateTime d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        }));

    private static string Hash(IEnumerable<string> rows)
    {
        var list = rows.ToList();
        return $"{list.Count}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', list))))}";
    }
}
