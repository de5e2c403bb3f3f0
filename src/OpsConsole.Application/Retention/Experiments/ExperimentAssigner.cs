using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Segments;

namespace OpsConsole.Experiments;

/// <summary>
/// Answers "which arm is this learner in?" for the platform. The arm comes from the hash of the experiment's seed and the
/// learner id, so it is the same on every instance; the first answer for a learner is logged as their exposure (once,
/// even when requests race) and written back as an event. A learner once exposed keeps their arm while the experiment
/// runs, even if they later leave the target segment, so results compare the groups as they were assigned.
/// </summary>
public sealed class ExperimentAssigner(
    IDbContextFactory<OpsDbContext> contexts,
    DatabaseOptions options,
    SegmentService segments,
    ExperimentEvents events,
    TimeProvider clock)
{
    /// <exception cref="ExperimentNotFoundException"/>
    /// <exception cref="UnknownLearnerException"/>
    public async Task<AssignmentResult> AssignAsync(string key, string learnerId, CancellationToken cancellationToken = default)
    {
        Experiment experiment;
        string? exposed;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            experiment = await db.Experiments.AsNoTracking().Include(e => e.Variants.OrderBy(v => v.Position))
                .FirstOrDefaultAsync(e => e.Key == key, cancellationToken) ?? throw new ExperimentNotFoundException(key);
            if (!await db.Learners.AnyAsync(l => l.Id == learnerId, cancellationToken))
            {
                throw new UnknownLearnerException(learnerId);
            }
            if (experiment.Status != ExperimentStatus.Running)
            {
                return new AssignmentResult(key, null, experiment.Status == ExperimentStatus.Draft ? NoVariantReason.NotStarted : NoVariantReason.Stopped, false);
            }
            exposed = await ExposedVariantAsync(db, experiment.Id, learnerId, cancellationToken);
        }
        if (exposed is not null)
        {
            return new AssignmentResult(key, VariantOf(experiment, exposed), null, false);
        }
        if (experiment.SegmentId is { } segmentId && !await segments.ContainsAsync(segmentId, learnerId, cancellationToken))
        {
            return new AssignmentResult(key, null, NoVariantReason.NotInSegment, false);
        }

        var variant = ExperimentHash.Assign(experiment.Seed, learnerId, experiment.Variants, v => v.Weight);
        var exposure = new ExperimentExposure { ExperimentId = experiment.Id, LearnerId = learnerId, VariantKey = variant.Key, ExposedAt = clock.GetUtcNow().UtcDateTime };
        if (await TryInsertAsync(exposure, cancellationToken) is { } winner)
        {
            // Another request logged this learner first; its row is the exposure, and it writes the event.
            return new AssignmentResult(key, VariantOf(experiment, winner), null, false);
        }
        await events.ExposedAsync(experiment, variant, exposure, cancellationToken);
        return new AssignmentResult(key, variant, null, true);
    }

    /// <summary>Inserts the exposure; null when it was inserted, or the arm of the row a concurrent request inserted first.</summary>
    private async Task<string?> TryInsertAsync(ExperimentExposure exposure, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (options.Provider is DatabaseProvider.Sqlite or DatabaseProvider.PostgreSql)
        {
            // The platform often asks for a new learner's arm from several places of one page at once: with ON CONFLICT
            // the losers of that race insert nothing, rather than failing on the unique index and logging an error each.
            var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "ExperimentExposures" ("ExperimentId", "LearnerId", "VariantKey", "ExposedAt")
                VALUES ({exposure.ExperimentId}, {exposure.LearnerId}, {exposure.VariantKey}, {exposure.ExposedAt})
                ON CONFLICT ("ExperimentId", "LearnerId") DO NOTHING
                """, cancellationToken);
            if (inserted == 1)
            {
                return null;
            }
        }
        else
        {
            try
            {
                db.ExperimentExposures.Add(exposure);
                await db.SaveChangesAsync(cancellationToken);
                return null;
            }
            catch (DbUpdateException)
            {
                // The unique (experiment, learner) index turned the insert away: another request won the race.
                db.ChangeTracker.Clear();
            }
        }
        return await ExposedVariantAsync(db, exposure.ExperimentId, exposure.LearnerId, cancellationToken)
            ?? throw new InvalidOperationException($"The exposure of learner {exposure.LearnerId} was neither inserted nor found.");
    }

    private static Task<string?> ExposedVariantAsync(OpsDbContext db, int experimentId, string learnerId, CancellationToken cancellationToken) =>
        db.ExperimentExposures.Where(x => x.ExperimentId == experimentId && x.LearnerId == learnerId).Select(x => x.VariantKey).FirstOrDefaultAsync(cancellationToken);

    private static ExperimentVariant VariantOf(Experiment experiment, string key) => experiment.Variants.First(v => v.Key == key);
}
