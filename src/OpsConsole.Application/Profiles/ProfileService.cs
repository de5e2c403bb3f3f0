using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Ingestion;

namespace OpsConsole.Profiles;

public sealed record ProfileRebuild(int Learners, int Personas, long Events, TimeSpan Elapsed);

/// <summary>
/// Keeps <see cref="LearnerProfile"/> rows in step with the event log: a full rebuild (nightly and on demand)
/// recomputes everyone, fits the RFM cut points and the personas; between rebuilds, <see cref="CatchUpAsync"/>
/// refreshes the learners whose events arrived since the last pass, reusing the stored cut points and personas.
/// Both walk each learner's whole history, so they also keep the rows analytics derive from it: the cleaned
/// <see cref="PathStep"/> rows paths read and the <see cref="LearnerActivity"/> periods retention reads.
/// </summary>
public sealed class ProfileService(
    IDbContextFactory<OpsDbContext> contexts, ProfileBuilder builder, ProfileOptions options, PlatformTime time, TimeProvider clock, ILogger<ProfileService> logger)
{
    /// <summary>
    /// Sequence numbers are taken before commit, so a batch committed a moment later can carry lower numbers than
    /// one already read. Each pass re-reads this many numbers behind its checkpoint; refreshing a learner twice is harmless.
    /// </summary>
    internal const long CatchUpOverlap = 2_000;

    // Rebuilds replace every row; refreshes replace a few. One at a time in this process keeps them from colliding.
    private readonly SemaphoreSlim _writes = new(1, 1);

    public async Task<ProfileRebuild> RebuildAsync(IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = clock.GetTimestamp();
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var asOf = clock.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var position = await db.Events.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
            var catalog = await LoadCatalogAsync(db, cancellationToken);
            var devices = await db.Learners.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Device, StringComparer.Ordinal, cancellationToken);

            var drafts = new List<ProfileDraft>(devices.Count);
            var steps = new List<LearnerSteps>(devices.Count);
            var periods = new List<LearnerPeriods>(devices.Count);
            long events = 0;
            await foreach (var (learnerId, rows) in ByLearner(db.Events.AsNoTracking().Where(e => e.Seq <= position), cancellationToken))
            {
                events += rows.Count;
                var timeline = Timeline(rows);
                steps.Add(PathStepBuilder.Build(learnerId, timeline));
                periods.Add(ActivityBuilder.Build(learnerId, timeline, time));
                if (devices.Remove(learnerId, out var device))
                {
                    drafts.Add(builder.Build(learnerId, device, rows, catalog, asOf));
                    if (drafts.Count % 1000 == 0)
                    {
                        progress?.Report(0.8 * drafts.Count / (drafts.Count + devices.Count));
                    }
                }
            }
            // Learners known only from the learner API have no events yet, but still get a profile.
            drafts.AddRange(devices.Select(d => builder.Build(d.Key, d.Value, [], catalog, asOf)));
            progress?.Report(0.8);

            var rfm = RfmScoring.Fit(drafts.Select(d => d.Profile), asOf);
            var personas = PersonaModel.Fit(drafts, catalog.Values.Select(i => i.Topic).Where(t => t.Length > 0), options.Personas);
            foreach (var draft in drafts)
            {
                rfm.Apply(draft.Profile, asOf);
                draft.Profile.PersonaId = personas?.Assign(draft);
            }
            progress?.Report(0.85);

            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Interests.ExecuteDeleteAsync(cancellationToken);
            await db.Profiles.ExecuteDeleteAsync(cancellationToken);
            await db.Personas.ExecuteDeleteAsync(cancellationToken);
            if (personas is not null)
            {
                db.Personas.AddRange(personas.Describe(drafts, asOf));
            }
            await SaveCheckpointAsync(db, position, rfm, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            for (var i = 0; i < drafts.Count; i += 1000)
            {
                await InsertAsync(db, drafts.Skip(i).Take(1000), cancellationToken);
                progress?.Report(0.85 + 0.1 * Math.Min(drafts.Count, i + 1000) / drafts.Count);
            }
            await LearnerHistoryStore.ReplaceAllAsync(db, steps, periods, cancellationToken);
            await SaveHistoryMarkerAsync(db, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            progress?.Report(1);

            var result = new ProfileRebuild(drafts.Count, personas?.Count ?? 0, events, clock.GetElapsedTime(started));
            logger.LogInformation("Rebuilt {Learners} profiles from {Events} events with {Personas} personas in {Elapsed}",
                result.Learners, result.Events, result.Personas, result.Elapsed);
            return result;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Refreshes the learners whose events arrived since the last pass; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        long from;
        long to;
        List<string> learners;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var checkpoint = await db.Checkpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Name == ProjectionCheckpoint.Profiles, cancellationToken);
            // Until a full rebuild has run there are no RFM cut points or personas to refresh against, and
            // refreshing the whole history piecemeal would only duplicate the rebuild that is due.
            if (checkpoint is null)
            {
                return [];
            }
            to = await db.Events.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
            if (to <= checkpoint.Position)
            {
                return [];
            }
            from = Math.Max(0, checkpoint.Position - CatchUpOverlap);
            learners = await db.Events.AsNoTracking().Where(e => e.Seq > from && e.Seq <= to)
                .Select(e => e.LearnerId).Distinct().ToListAsync(cancellationToken);
        }
        learners.Sort(StringComparer.Ordinal);
        for (var i = 0; i < learners.Count; i += options.RefreshBatch)
        {
            await RefreshAsync(learners.GetRange(i, Math.Min(options.RefreshBatch, learners.Count - i)), cancellationToken);
        }
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var checkpoint = await db.Checkpoints.FirstOrDefaultAsync(c => c.Name == ProjectionCheckpoint.Profiles, cancellationToken);
            // A rebuild that ran meanwhile may have moved the checkpoint further; never move it back.
            if (checkpoint is not null && checkpoint.Position < to)
            {
                await SaveCheckpointAsync(db, to, null, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        return learners;
    }

    /// <summary>Recomputes the given learners' profiles from their events with the stored RFM cut points and personas.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<string> learnerIds, CancellationToken cancellationToken = default)
    {
        if (learnerIds.Count == 0)
        {
            return;
        }
        var ids = learnerIds.Distinct(StringComparer.Ordinal).ToList();
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var asOf = clock.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var catalog = await LoadCatalogAsync(db, cancellationToken);
            var devices = await db.Learners.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Device, StringComparer.Ordinal, cancellationToken);
            var checkpoint = await db.Checkpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Name == ProjectionCheckpoint.Profiles, cancellationToken);
            var rfm = checkpoint?.State is { } state ? JsonSerializer.Deserialize<RfmScoring>(state) ?? RfmScoring.Empty : RfmScoring.Empty;
            var personas = PersonaModel.Load(await db.Personas.AsNoTracking().ToListAsync(cancellationToken));

            var drafts = new List<ProfileDraft>(ids.Count);
            var steps = new List<LearnerSteps>(ids.Count);
            var periods = new List<LearnerPeriods>(ids.Count);
            await foreach (var (learnerId, rows) in ByLearner(db.Events.AsNoTracking().Where(e => ids.Contains(e.LearnerId)), cancellationToken))
            {
                var timeline = Timeline(rows);
                steps.Add(PathStepBuilder.Build(learnerId, timeline));
                periods.Add(ActivityBuilder.Build(learnerId, timeline, time));
                if (devices.Remove(learnerId, out var device))
                {
                    drafts.Add(builder.Build(learnerId, device, rows, catalog, asOf));
                }
            }
            drafts.AddRange(devices.Select(d => builder.Build(d.Key, d.Value, [], catalog, asOf)));
            foreach (var draft in drafts)
            {
                rfm.Apply(draft.Profile, asOf);
                draft.Profile.PersonaId = personas?.Assign(draft);
            }

            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Interests.Where(i => ids.Contains(i.LearnerId)).ExecuteDeleteAsync(cancellationToken);
            await db.Profiles.Where(p => ids.Contains(p.LearnerId)).ExecuteDeleteAsync(cancellationToken);
            await InsertAsync(db, drafts, cancellationToken);
            await LearnerHistoryStore.ReplaceAsync(db, ids, steps, periods, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    private static List<TimelineEvent> Timeline(List<ProfileEvent> events) => events.ConvertAll(e => new TimelineEvent(e.Type, e.OccurredAt, e.Seq));

    /// <summary>Activity periods are days of the platform zone: the marker names it, so a change of zone asks for a rebuild.</summary>
    private async Task SaveHistoryMarkerAsync(OpsDbContext db, CancellationToken cancellationToken)
    {
        var marker = await db.Checkpoints.FirstOrDefaultAsync(c => c.Name == LearnerHistoryStore.CheckpointName, cancellationToken);
        if (marker is null)
        {
            marker = new ProjectionCheckpoint { Name = LearnerHistoryStore.CheckpointName };
            db.Checkpoints.Add(marker);
        }
        marker.State = time.Zone.Id;
        marker.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task InsertAsync(OpsDbContext db, IEnumerable<ProfileDraft> drafts, CancellationToken cancellationToken)
    {
        foreach (var draft in drafts)
        {
            db.Profiles.Add(draft.Profile);
            db.Interests.AddRange(draft.Interests);
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task SaveCheckpointAsync(OpsDbContext db, long position, RfmScoring? rfm, CancellationToken cancellationToken)
    {
        var checkpoint = await db.Checkpoints.FirstOrDefaultAsync(c => c.Name == ProjectionCheckpoint.Profiles, cancellationToken);
        if (checkpoint is null)
        {
            checkpoint = new ProjectionCheckpoint { Name = ProjectionCheckpoint.Profiles };
            db.Checkpoints.Add(checkpoint);
        }
        checkpoint.Position = position;
        checkpoint.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (rfm is not null)
        {
            checkpoint.State = JsonSerializer.Serialize(rfm);
        }
    }

    private static async Task<Dictionary<string, ItemFacts>> LoadCatalogAsync(OpsDbContext db, CancellationToken cancellationToken)
    {
        var items = await db.Catalog.AsNoTracking().Select(c => new { c.Id, c.Topic, c.Tags }).ToListAsync(cancellationToken);
        return items.ToDictionary(
            i => i.Id,
            i => new ItemFacts(i.Topic, i.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            StringComparer.Ordinal);
    }

    /// <summary>Streams events grouped by learner, each group in time order, without holding more than one learner's events.</summary>
    private static async IAsyncEnumerable<(string LearnerId, List<ProfileEvent> Events)> ByLearner(
        IQueryable<BehaviorEvent> events, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = events.OrderBy(e => e.LearnerId).ThenBy(e => e.OccurredAt).ThenBy(e => e.Seq)
            .Select(e => new { e.LearnerId, e.Type, e.OccurredAt, e.ItemId, e.Amount, e.Currency, e.Properties, e.Seq })
            .AsAsyncEnumerable();
        string? current = null;
        var group = new List<ProfileEvent>();
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            if (current is not null && !string.Equals(current, e.LearnerId, StringComparison.Ordinal))
            {
                yield return (current, group);
                group = [];
            }
            current = e.LearnerId;
            group.Add(new ProfileEvent(e.Type, e.OccurredAt, e.ItemId, e.Amount, e.Currency, e.Properties, e.Seq));
        }
        if (current is not null)
        {
            yield return (current, group);
        }
    }
}
