using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Experiments;

/// <summary>
/// Designs and runs experiments: drafts are saved only when every field is right, starting freezes the variants, and
/// stopping records the decision and why. Status changes are conditional updates, so two managers acting at once
/// cannot start a stopped experiment or edit one that has just started.
/// </summary>
public sealed class ExperimentService(IDbContextFactory<OpsDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<ExperimentListPage> ListAsync(ExperimentQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Experiments.GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var experiments = db.Experiments.AsNoTracking();
        if (query.Status is { } status)
        {
            experiments = experiments.Where(e => e.Status == status);
        }
        var rows = experiments.Select(e => new ExperimentRow
        {
            Key = e.Key, Name = e.Name, Status = e.Status, PrimaryMetric = e.PrimaryMetric, RetentionDay = e.RetentionDay,
            Segment = db.Segments.Where(s => s.Id == e.SegmentId).Select(s => s.Name).FirstOrDefault(),
            Variants = db.ExperimentVariants.Count(v => v.ExperimentId == e.Id),
            Exposures = db.ExperimentExposures.Count(x => x.ExperimentId == e.Id),
            CreatedAt = e.CreatedAt, CreatedBy = e.CreatedBy, StartedAt = e.StartedAt, StoppedAt = e.StoppedAt, Decision = e.Decision,
        });
        var d = query.Descending;
        // Status is stored as its name, and Draft < Running < Stopped reads in lifecycle order too.
        var ordered = query.Sort switch
        {
            ExperimentSort.Name => d ? rows.OrderByDescending(r => r.Name) : rows.OrderBy(r => r.Name),
            ExperimentSort.Status => d ? rows.OrderByDescending(r => r.Status) : rows.OrderBy(r => r.Status),
            ExperimentSort.Started => d ? rows.OrderByDescending(r => r.StartedAt) : rows.OrderBy(r => r.StartedAt),
            ExperimentSort.Exposures => d ? rows.OrderByDescending(r => r.Exposures) : rows.OrderBy(r => r.Exposures),
            _ => d ? rows.OrderByDescending(r => r.CreatedAt) : rows.OrderBy(r => r.CreatedAt),
        };
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = await ordered.ThenBy(r => r.Key).Skip(Math.Max(0, query.Page) * size).Take(size).ToListAsync(cancellationToken);
        var total = query.Status is { } only ? counts.GetValueOrDefault(only) : counts.Values.Sum();
        return new ExperimentListPage(
            [.. page.Select(r => new ExperimentSummary(r.Key, r.Name, r.Status, new MetricSpec(r.PrimaryMetric, r.RetentionDay), r.Segment, r.Variants, r.Exposures,
                r.CreatedAt, r.CreatedBy, r.StartedAt, r.StoppedAt, r.Decision))],
            total, counts);
    }

    /// <summary>Every experiment (or those in one status) with its variants, newest first: what the platform lists over the API.</summary>
    public async Task<IReadOnlyList<Experiment>> ListWithVariantsAsync(ExperimentStatus? status, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var experiments = db.Experiments.AsNoTracking().Include(e => e.Variants.OrderBy(v => v.Position)).AsSplitQuery();
        if (status is { } only)
        {
            experiments = experiments.Where(e => e.Status == only);
        }
        return await experiments.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Key).ToListAsync(cancellationToken);
    }

    public async Task<ExperimentDetails?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var experiment = await db.Experiments.AsNoTracking().Include(e => e.Variants.OrderBy(v => v.Position)).FirstOrDefaultAsync(e => e.Key == key, cancellationToken);
        if (experiment is null)
        {
            return null;
        }
        var segment = experiment.SegmentId is { } id ? await db.Segments.Where(s => s.Id == id).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken) : null;
        var exposures = await db.ExperimentExposures.Where(x => x.ExperimentId == experiment.Id).GroupBy(x => x.VariantKey)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new ExperimentDetails(experiment, segment, exposures);
    }

    /// <exception cref="ExperimentValidationException">A field is missing or wrong, or the key is taken.</exception>
    public async Task<Experiment> CreateAsync(ExperimentDraft draft, string? by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await CheckAsync(db, draft, null, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var experiment = new Experiment { Key = "", Name = "", Seed = "", Status = ExperimentStatus.Draft, CreatedAt = now, CreatedBy = by };
        Apply(experiment, draft, now);
        db.Experiments.Add(experiment);
        await SaveKeyAsync(db, experiment, cancellationToken);
        return experiment;
    }

    /// <summary>Replaces a draft's design, variants included.</summary>
    /// <exception cref="ExperimentNotFoundException"/>
    /// <exception cref="ExperimentStateException">The experiment is no longer a draft.</exception>
    /// <exception cref="ExperimentValidationException">A field is missing or wrong, or the new key is taken.</exception>
    public async Task<Experiment> UpdateDraftAsync(string key, ExperimentDraft draft, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await IdOfAsync(db, key, cancellationToken);
        await CheckAsync(db, draft, id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        // Touching the row only while it is a draft both checks the status and holds the row until commit, so a start that
        // arrives meanwhile waits and then starts the variants saved here, never a half-saved set.
        if (await db.Experiments.Where(e => e.Id == id && e.Status == ExperimentStatus.Draft)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.UpdatedAt, now), cancellationToken) == 0)
        {
            throw await NotDraftAsync(db, key, "edited", cancellationToken);
        }
        var experiment = await db.Experiments.Include(e => e.Variants).FirstAsync(e => e.Id == id, cancellationToken);
        db.ExperimentVariants.RemoveRange(experiment.Variants);
        await db.SaveChangesAsync(cancellationToken);
        experiment.Variants.Clear();
        Apply(experiment, draft, now);
        await SaveKeyAsync(db, experiment, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return experiment;
    }

    /// <summary>Starts assigning learners. Only a draft starts, and its variants can no longer change.</summary>
    /// <exception cref="ExperimentNotFoundException"/>
    /// <exception cref="ExperimentStateException">The experiment is running or stopped already.</exception>
    public async Task StartAsync(string key, string? by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await IdOfAsync(db, key, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var started = await db.Experiments.Where(e => e.Id == id && e.Status == ExperimentStatus.Draft)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, ExperimentStatus.Running).SetProperty(e => e.StartedAt, now)
                .SetProperty(e => e.StartedBy, by).SetProperty(e => e.UpdatedAt, now), cancellationToken);
        if (started == 0)
        {
            throw await NotDraftAsync(db, key, "started", cancellationToken);
        }
    }

    /// <summary>Stops a running experiment with its decision and the reason for it.</summary>
    /// <exception cref="ExperimentNotFoundException"/>
    /// <exception cref="ExperimentStateException">The experiment is not running.</exception>
    /// <exception cref="ExperimentValidationException">The decision, the shipped variant or the reason is missing or wrong.</exception>
    public async Task StopAsync(string key, StopRequest request, string? by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await IdOfAsync(db, key, cancellationToken);
        var variants = await db.ExperimentVariants.AsNoTracking().Where(v => v.ExperimentId == id).ToListAsync(cancellationToken);
        var errors = ExperimentRules.Validate(request, variants);
        if (errors.Count > 0)
        {
            throw new ExperimentValidationException(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var decision = request.Decision!.Value;
        var shipped = decision == ExperimentDecision.ShipVariant ? request.ShippedVariantKey!.Trim() : null;
        var reason = request.Reason!.Trim();
        var stopped = await db.Experiments.Where(e => e.Id == id && e.Status == ExperimentStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, ExperimentStatus.Stopped).SetProperty(e => e.StoppedAt, now).SetProperty(e => e.StoppedBy, by)
                .SetProperty(e => e.Decision, decision).SetProperty(e => e.ShippedVariantKey, shipped).SetProperty(e => e.DecisionReason, reason)
                .SetProperty(e => e.UpdatedAt, now), cancellationToken);
        if (stopped == 0)
        {
            var status = await db.Experiments.Where(e => e.Id == id).Select(e => e.Status).FirstAsync(cancellationToken);
            throw new ExperimentStateException(key, status, $"Only a running experiment can be stopped; '{key}' is {Lower(status)}.");
        }
    }

    private static void Apply(Experiment experiment, ExperimentDraft draft, DateTime now)
    {
        experiment.Key = draft.Key.Trim();
        experiment.Name = draft.Name.Trim();
        experiment.Hypothesis = draft.Hypothesis?.Trim() ?? "";
        experiment.SegmentId = draft.SegmentId;
        experiment.Seed = string.IsNullOrWhiteSpace(draft.Seed) ? experiment.Key : draft.Seed.Trim();
        experiment.PrimaryMetric = draft.PrimaryMetric.Metric;
        experiment.RetentionDay = draft.PrimaryMetric.Metric == ExperimentMetric.RetentionDayN ? draft.PrimaryMetric.Day : null;
        experiment.GuardrailMetrics = MetricSpec.FormatList(draft.GuardrailMetrics ?? []);
        experiment.MinimumDetectableEffect = draft.MinimumDetectableEffect;
        experiment.UpdatedAt = now;
        experiment.Variants.AddRange(draft.Variants.Select((v, i) => new ExperimentVariant
        {
            Key = v.Key.Trim(),
            Name = v.Name.Trim(),
            Weight = v.Weight,
            Payload = ExperimentRules.NormalizePayload(v.Payload),
            CostPerLearner = v.CostPerLearner,
            IsControl = v.IsControl,
            Position = i,
        }));
    }

    private static async Task CheckAsync(OpsDbContext db, ExperimentDraft draft, int? self, CancellationToken cancellationToken)
    {
        var errors = ExperimentRules.Validate(draft).ToList();
        var key = draft.Key?.Trim();
        if (errors.All(e => e.Field != "key") && await db.Experiments.AnyAsync(e => e.Key == key && e.Id != self, cancellationToken))
        {
            errors.Insert(0, KeyTaken(key!));
        }
        if (draft.SegmentId is { } segment && !await db.Segments.AnyAsync(s => s.Id == segment, cancellationToken))
        {
            errors.Add(new ExperimentFieldError("segmentId", $"no saved segment has the id {segment}"));
        }
        if (errors.Count > 0)
        {
            throw new ExperimentValidationException(errors);
        }
    }

    /// <summary>Saves; a key another manager took a moment ago is reported on the key field rather than as a crash.</summary>
    private async Task SaveKeyAsync(OpsDbContext db, Experiment experiment, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            if (await fresh.Experiments.AnyAsync(e => e.Key == experiment.Key && e.Id != experiment.Id, cancellationToken))
            {
                throw new ExperimentValidationException([KeyTaken(experiment.Key)]);
            }
            throw;
        }
    }

    private static ExperimentFieldError KeyTaken(string key) => new("key", $"'{key}' is already used by another experiment");

    private static async Task<int> IdOfAsync(OpsDbContext db, string key, CancellationToken cancellationToken) =>
        await db.Experiments.Where(e => e.Key == key).Select(e => (int?)e.Id).FirstOrDefaultAsync(cancellationToken) ?? throw new ExperimentNotFoundException(key);

    private static async Task<ExperimentStateException> NotDraftAsync(OpsDbContext db, string key, string verb, CancellationToken cancellationToken)
    {
        var status = await db.Experiments.Where(e => e.Key == key).Select(e => (ExperimentStatus?)e.Status).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ExperimentNotFoundException(key);
        return new ExperimentStateException(key, status, $"Only a draft can be {verb}; '{key}' is {Lower(status)}.");
    }

    private static string Lower(ExperimentStatus status) => status.ToString().ToLowerInvariant();

    private sealed class ExperimentRow
    {
        public required string Key { get; init; }
        public required string Name { get; init; }
        public ExperimentStatus Status { get; init; }
        public ExperimentMetric PrimaryMetric { get; init; }
        public int? RetentionDay { get; init; }
        public string? Segment { get; init; }
        public int Variants { get; init; }
        public int Exposures { get; init; }
        public DateTime CreatedAt { get; init; }
        public string? CreatedBy { get; init; }
        public DateTime? StartedAt { get; init; }
        public DateTime? StoppedAt { get; init; }
        public ExperimentDecision? Decision { get; init; }
    }
}
