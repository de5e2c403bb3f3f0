using System.Net.Mail;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Learners;

/// <summary>Upserts learner details (and their PII, kept apart) from the API or an import file.</summary>
public sealed class LearnerRecords(IDbContextFactory<OpsDbContext> contexts, IngestionService ingestion, TimeProvider clock)
{
    public async Task<UpsertOutcome> UpsertAsync(string id, JsonElement body, CancellationToken cancellationToken = default)
    {
        var (learner, rejection) = Parse(id, body, 0);
        if (rejection is not null)
        {
            throw new RecordRejectedException(rejection);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var created = await UpsertAsync(db, learner!, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return created ? UpsertOutcome.Created : UpsertOutcome.Updated;
    }

    /// <summary>Each record carries its id in an "id" field; valid ones are stored even when others are rejected.</summary>
    public async Task<ImportResult> ImportAsync(IEnumerable<IncomingRecord> records, string source, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await RecordImport.RunAsync(records, db, Parse, learner => UpsertAsync(db, learner, cancellationToken), cancellationToken);
        await ingestion.QuarantineAsync(result.Rejected.Select(r => Quarantined(r, source)).ToList(), cancellationToken);
        return result;
    }

    private async Task<bool> UpsertAsync(OpsDbContext db, Learner incoming, CancellationToken ct)
    {
        var pii = incoming.Pii!;
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Learners.Include(l => l.Pii).FirstOrDefaultAsync(l => l.Id == incoming.Id, ct);
        if (existing is null)
        {
            incoming.CreatedAt = incoming.UpdatedAt = now;
            db.Learners.Add(incoming);
            return true;
        }
        existing.SignupAt = incoming.SignupAt == default ? existing.SignupAt : incoming.SignupAt;
        existing.Channel = incoming.Channel ?? existing.Channel;
        existing.Region = incoming.Region ?? existing.Region;
        existing.Device = incoming.Device ?? existing.Device;
        existing.Locale = incoming.Locale ?? existing.Locale;
        existing.Tier = incoming.Tier;
        existing.UpdatedAt = now;
        if (existing.Pii is null)
        {
            existing.Pii = pii;
        }
        else if (existing.Pii.ErasedAt is null)
        {
            existing.Pii.Name = pii.Name ?? existing.Pii.Name;
            existing.Pii.Email = pii.Email ?? existing.Pii.Email;
            existing.Pii.Phone = pii.Phone ?? existing.Pii.Phone;
        }
        return false;
    }

    /// <summary>The learner with their PII attached, or why the record was rejected.</summary>
    internal static (Learner?, Rejection?) Parse(string? id, JsonElement json, int index)
    {
        Rejection Reject(string field, string reason) => new(index, id, field, reason);
        if (json.ValueKind != JsonValueKind.Object) return (null, Reject("(record)", "must be a JSON object"));
        if (string.IsNullOrEmpty(id)) return (null, Reject("id", "is required"));
        if (id.Length > Learner.IdMaxLength) return (null, Reject("id", $"must be 1 to {Learner.IdMaxLength} characters"));

        var signup = JsonFields.Timestamp(json, "signupAt", out var error);
        if (error is not null) return (null, Reject("signupAt", error));
        var fields = new Dictionary<string, string?>();
        foreach (var (name, max) in new[] { ("channel", 32), ("region", 32), ("device", 32), ("locale", 16), ("tier", 16), ("name", 128), ("email", 256), ("phone", 32) })
        {
            var value = JsonFields.String(json, name, out error);
            if (error is not null) return (null, Reject(name, error));
            if (value is { Length: > 0 } && value.Length > max) return (null, Reject(name, $"must be at most {max} characters"));
            fields[name] = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
        var tier = MembershipTier.None;
        if (fields["tier"] is { } tierText && !Enum.TryParse(tierText, ignoreCase: true, out tier))
        {
            return (null, Reject("tier", "must be none, monthly or annual"));
        }
        if (fields["email"] is { } email && !MailAddress.TryCreate(email, out _))
        {
            return (null, Reject("email", "is not a valid email address"));
        }
        if (fields["phone"] is { } phone && !phone.All(c => char.IsDigit(c) || c is '+' or '-' or ' ' or '(' or ')'))
        {
            return (null, Reject("phone", "may hold only digits, spaces and + - ( )"));
        }
        var learner = new Learner
        {
            Id = id,
            SignupAt = signup ?? default,
            Channel = fields["channel"],
            Region = fields["region"],
            Device = fields["device"],
            Locale = fields["locale"],
            Tier = tier,
        };
        learner.Pii = new LearnerPii { LearnerId = id, Name = fields["name"], Email = fields["email"], Phone = fields["phone"] };
        return (learner, null);
    }

    internal static QuarantinedRecord Quarantined(Rejection r, string source, string kind = "learner") => new()
    {
        Kind = kind,
        Source = source,
        Index = r.Index,
        RecordId = r.EventId,
        Field = r.Field,
        Reason = r.Reason,
    };
}

public enum UpsertOutcome
{
    Created,
    Updated,
}

public sealed record ImportResult(int Accepted, IReadOnlyList<Rejection> Rejected);

/// <summary>A single record failed validation; carries the field and reason for a 400 response.</summary>
public sealed class RecordRejectedException(Rejection rejection) : Exception($"{rejection.Field} {rejection.Reason}")
{
    public Rejection Rejection { get; } = rejection;
}
