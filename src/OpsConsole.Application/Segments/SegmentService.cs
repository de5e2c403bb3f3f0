using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;

namespace OpsConsole.Segments;

public sealed record SegmentSummary(int Id, string Name, SegmentKind Kind, int Members, DateTime? EvaluatedAt, DateTime UpdatedAt, string? CreatedBy, bool HasRule);

/// <summary>What an uploaded list of learner ids gave: members stored, ids not known as learners, repeats.</summary>
public sealed record ListUpload(Segment Segment, int Added, IReadOnlyList<string> Unknown, int Repeated);

/// <summary>A request that cannot be carried out, naming the field at fault (e.g. <c>name</c>, <c>conditions[0].value</c>).</summary>
public sealed class SegmentRequestException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}

/// <summary>
/// Creates, evaluates and stores segments. Counting runs the compiled rule in the database; saving a dynamic
/// segment, or refreshing it, stores its current members so reports can join on them.
/// </summary>
public sealed class SegmentService(IDbContextFactory<OpsDbContext> contexts, PlatformTime time)
{
    public const int MaxUploadIds = 1_000_000;
    private const int InsertBatch = 2_000;

    /// <summary>How many learners the rule matches now (the builder's live count).</summary>
    public async Task<int> CountAsync(SegmentRule rule, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Learners.AsNoTracking().Where(Compile(db, rule)).CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SegmentSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Segments.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new SegmentSummary(s.Id, s.Name, s.Kind, s.Members, s.EvaluatedAt, s.UpdatedAt, s.CreatedBy, s.Definition != null))
            .ToListAsync(cancellationToken);
    }

    public async Task<Segment?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    /// <summary>Saves a rule as a dynamic segment (re-evaluated later) or a static one (frozen now), and stores its members.</summary>
    public async Task<Segment> CreateAsync(string name, SegmentKind kind, SegmentRule rule, string? createdBy, CancellationToken cancellationToken = default)
    {
        name = await CheckNameAsync(name, null, cancellationToken);
        Validate(rule);
        var now = time.UtcNow;
        var segment = new Segment { Name = name, Kind = kind, Definition = rule.ToJson(), CreatedBy = createdBy, CreatedAt = now, UpdatedAt = now };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.Segments.Add(segment);
            await db.SaveChangesAsync(cancellationToken);
        }
        return await EvaluateAsync(segment.Id, cancellationToken) ?? segment;
    }

    /// <summary>A static segment from learner ids a report produced (e.g. the learners who dropped out at a funnel step).</summary>
    public Task<ListUpload> CreateFromIdsAsync(string name, IEnumerable<string> learnerIds, string? createdBy, CancellationToken cancellationToken = default)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<string>();
        var repeated = 0;
        foreach (var id in learnerIds)
        {
            if (distinct.Add(id)) ids.Add(id); else repeated++;
        }
        return CreateStaticAsync(name, ids, repeated, createdBy, cancellationToken);
    }

    /// <summary>A static segment from a CSV of learner ids (a header row naming <c>learner_id</c>, <c>learnerId</c> or <c>id</c>, or one id per line).</summary>
    public Task<ListUpload> CreateFromListAsync(string name, TextReader csv, string? createdBy, CancellationToken cancellationToken = default)
    {
        var ids = ReadIds(csv, out var repeated);
        return CreateStaticAsync(name, ids, repeated, createdBy, cancellationToken);
    }

    private async Task<ListUpload> CreateStaticAsync(string name, List<string> ids, int repeated, string? createdBy, CancellationToken cancellationToken)
    {
        name = await CheckNameAsync(name, null, cancellationToken);
        if (ids.Count == 0)
        {
            throw new SegmentRequestException("file", "holds no learner ids");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(InsertBatch))
        {
            known.UnionWith(await db.Learners.AsNoTracking().Where(l => chunk.Contains(l.Id)).Select(l => l.Id).ToListAsync(cancellationToken));
        }
        var now = time.UtcNow;
        var segment = new Segment { Name = name, Kind = SegmentKind.Static, CreatedBy = createdBy, CreatedAt = now, UpdatedAt = now, EvaluatedAt = now, Members = known.Count };
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Segments.Add(segment);
        await db.SaveChangesAsync(cancellationToken);
        await InsertMembersAsync(db, segment.Id, ids.Where(known.Contains), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new ListUpload(segment, known.Count, [.. ids.Where(id => !known.Contains(id))], repeated);
    }

    public async Task<Segment> RenameAsync(int id, string name, CancellationToken cancellationToken = default)
    {
        name = await CheckNameAsync(name, id, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var segment = await db.Segments.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new SegmentRequestException("id", $"no segment has the id {id}");
        segment.Name = name;
        segment.UpdatedAt = time.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return segment;
    }

    /// <summary>Replaces a dynamic segment's rule and re-evaluates it. Static segments keep their frozen list.</summary>
    public async Task<Segment> UpdateRuleAsync(int id, SegmentRule rule, CancellationToken cancellationToken = default)
    {
        Validate(rule);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var segment = await db.Segments.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new SegmentRequestException("id", $"no segment has the id {id}");
            if (segment.Kind != SegmentKind.Dynamic)
            {
                throw new SegmentRequestException("kind", "a static segment is a frozen list; save the rule as a new segment instead");
            }
            segment.Definition = rule.ToJson();
            segment.UpdatedAt = time.UtcNow;
            await db.SaveChangesAsync(cancellationToken);
        }
        return (await EvaluateAsync(id, cancellationToken))!;
    }

    /// <exception cref="SegmentRequestException">An experiment targets the segment: its record must keep who it ran on.</exception>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Experiments.Where(e => e.SegmentId == id).Select(e => e.Key).FirstOrDefaultAsync(cancellationToken) is { } experiment)
        {
            throw new SegmentRequestException("id", $"the experiment '{experiment}' targets this segment");
        }
        return await db.Segments.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Whether one learner is in a segment now. A dynamic rule is evaluated for that learner alone, so a learner who came to
    /// match it since the last refresh counts at once; static lists (and uploaded ones) are looked up in their stored members.
    /// </summary>
    public async Task<bool> ContainsAsync(int segmentId, string learnerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var segment = await db.Segments.AsNoTracking().Where(s => s.Id == segmentId).Select(s => new { s.Kind, s.Definition }).FirstOrDefaultAsync(cancellationToken);
        if (segment is null)
        {
            return false;
        }
        if (segment.Kind == SegmentKind.Dynamic && segment.Definition is { } definition)
        {
            var rule = SegmentRule.FromJson(definition);
            var matches = SegmentCompiler.Compile(db, rule, time.UtcNow, time.StartOfDayUtc, learnerId);
            return await db.Learners.AsNoTracking().Where(l => l.Id == learnerId).Where(matches).AnyAsync(cancellationToken);
        }
        return await db.SegmentMembers.AnyAsync(m => m.SegmentId == segmentId && m.LearnerId == learnerId, cancellationToken);
    }

    /// <summary>Re-evaluates every dynamic segment (the recurring job).</summary>
    public async Task<int> RefreshDynamicAsync(CancellationToken cancellationToken = default)
    {
        List<int> ids;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.Segments.Where(s => s.Kind == SegmentKind.Dynamic && s.Definition != null).Select(s => s.Id).ToListAsync(cancellationToken);
        }
        foreach (var id in ids)
        {
            await EvaluateAsync(id, cancellationToken);
        }
        return ids.Count;
    }

    /// <summary>
    /// Stores the learners a segment's rule matches now. A static segment is evaluated once, when it is created;
    /// after that its list stays as it was.
    /// </summary>
    public async Task<Segment?> EvaluateAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var segment = await db.Segments.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (segment?.Definition is null || (segment.Kind == SegmentKind.Static && segment.EvaluatedAt is not null))
        {
            return segment;
        }
        var rule = SegmentRule.FromJson(segment.Definition);
        var members = await db.Learners.AsNoTracking().Where(Compile(db, rule)).Select(l => l.Id).ToListAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SegmentMembers.Where(m => m.SegmentId == id).ExecuteDeleteAsync(cancellationToken);
        await InsertMembersAsync(db, id, members, cancellationToken);
        var evaluatedAt = time.UtcNow;
        await db.Segments.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Members, members.Count).SetProperty(s => s.EvaluatedAt, evaluatedAt), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        segment.Members = members.Count;
        segment.EvaluatedAt = evaluatedAt;
        return segment;
    }

    private System.Linq.Expressions.Expression<Func<Learner, bool>> Compile(OpsDbContext db, SegmentRule rule) =>
        SegmentCompiler.Compile(db, rule, time.UtcNow, time.StartOfDayUtc);

    private static void Validate(SegmentRule rule)
    {
        try
        {
            SegmentRuleValidator.Validate(rule);
        }
        catch (SegmentRuleException e)
        {
            throw new SegmentRequestException(e.Path, e.Reason);
        }
    }

    private static async Task InsertMembersAsync(OpsDbContext db, int segmentId, IEnumerable<string> learnerIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in learnerIds.Chunk(InsertBatch))
        {
            db.SegmentMembers.AddRange(chunk.Select(id => new SegmentMember { SegmentId = segmentId, LearnerId = id }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private async Task<string> CheckNameAsync(string? name, int? self, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > Segment.NameMaxLength)
        {
            throw new SegmentRequestException("name", $"is required (1 to {Segment.NameMaxLength} characters)");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Segments.AnyAsync(s => s.Name == trimmed && s.Id != self, cancellationToken))
        {
            throw new SegmentRequestException("name", $"a segment named '{trimmed}' already exists");
        }
        return trimmed;
    }

    internal static List<string> ReadIds(TextReader csv, out int repeated)
    {
        repeated = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<string>();
        var column = 0;
        var first = true;
        while (CsvRecords.ReadRow(csv) is { } row)
        {
            if (first)
            {
                first = false;
                var header = row.FindIndex(h => h.Trim().ToLowerInvariant() is "learner_id" or "learnerid" or "id" or "learner");
                if (header >= 0)
                {
                    column = header;
                    continue;
                }
            }
            if (column >= row.Count || row[column].Trim() is not { Length: > 0 } id)
            {
                continue;
            }
            if (id.Length > Learner.IdMaxLength)
            {
                throw new SegmentRequestException("file", $"line {ids.Count + repeated + 1}: '{id[..20]}…' is longer than {Learner.IdMaxLength} characters, so it is not a learner id");
            }
            if (!seen.Add(id))
            {
                repeated++;
                continue;
            }
            if (ids.Count == MaxUploadIds)
            {
                throw new SegmentRequestException("file", $"holds more than {MaxUploadIds:N0} learner ids");
            }
            ids.Add(id);
        }
        return ids;
    }
}
