using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Ingestion;
using OpsConsole.Retention;
using OpsConsole.Segments;
using OpsConsole.Tests.Components;

namespace OpsConsole.Tests.ChurnAlerts;

/// <summary>Retention actions that do something besides being recorded, over the real services and a real database.</summary>
public sealed class RetentionActionsTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly AlertSeed _seed;
    private readonly ServiceProvider _services;

    public RetentionActionsTests()
    {
        _seed = new AlertSeed(_database);
        var services = new ServiceCollection();
        _seed.Register(services);
        _services = services.BuildServiceProvider();
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private RetentionActions Actions => _services.GetRequiredService<RetentionActions>();

    private async Task StartExperimentAsync(string key, int? segmentId = null)
    {
        var experiments = _services.GetRequiredService<ExperimentService>();
        await experiments.CreateAsync(new ExperimentDraft(key, "Win-back", "", segmentId, null, new MetricSpec(ExperimentMetric.RetentionDayN, 7), [], 0.05,
            [new VariantDraft("control", "Control", 0.5, "{}", 0, true), new VariantDraft("mentor", "Mentor call", 0.5, """{"action":"mentor_call"}""", 30, false)]), "manager@example.test", Ct);
        await experiments.StartAsync(key, "manager@example.test", Ct);
    }

    [Fact]
    public async Task TakeAsync_ExperimentArm_AssignsTheLearnerLogsTheExposureAndRecordsTheArm()
    {
        _seed.Profile("u-1", 900);
        var alert = _seed.Alert("u-1", 0.82);
        await StartExperimentAsync("win-back");

        var taken = await Actions.TakeAsync(alert.Id, new RetentionActionRequest(RetentionAction.ExperimentArm, "high value", "win-back"), "li.na@example.test", Ct);

        await using var db = await _database.Factory.CreateDbContextAsync(Ct);
        var exposure = await db.ExperimentExposures.SingleAsync(Ct);
        Assert.Equal("u-1", exposure.LearnerId);
        var arm = exposure.VariantKey == "control" ? "Control" : "Mentor call";
        Assert.Equal((ChurnAlertStatus.Actioned, RetentionAction.ExperimentArm), (taken.Status, taken.Action));
        Assert.Equal($"Enrolled in experiment win-back: arm {arm} · high value", taken.ActionNote);
        Assert.Equal(1, await db.Events.CountAsync(e => e.LearnerId == "u-1" && e.Type == EventType.ExperimentExposure, Ct));
    }

    [Fact]
    public async Task TakeAsync_EnrolledInAReminderArm_SendsTheArmsReminderAtOnce()
    {
        var experiments = _services.GetRequiredService<ExperimentService>();
        await experiments.CreateAsync(new ExperimentDraft("nudge", "Renewal nudge", "", null, null, new MetricSpec(ExperimentMetric.RetentionDayN, 7), [], 0.05,
            [new VariantDraft("control", "Control", 0.5, "{}", 0, true), new VariantDraft("remind", "Reminder", 0.5, """{"action":"renewal_reminder"}""", 1, false)]), "manager@example.test", Ct);
        await experiments.StartAsync("nudge", "manager@example.test", Ct);
        Experiment stored;
        await using (var read = await _database.Factory.CreateDbContextAsync(Ct))
        {
            stored = await read.Experiments.Include(e => e.Variants).SingleAsync(Ct);
        }
        // A learner the hash puts in the reminder arm, and one it puts in control.
        var ids = Enumerable.Range(1, 40).Select(i => $"u-{i}").ToList();
        var arms = ids.ToDictionary(id => id, id => ExperimentHash.Assign(stored.Seed, id, stored.Variants.OrderBy(v => v.Position).ToList(), v => v.Weight).Key);
        var treated = ids.First(id => arms[id] == "remind");
        var control = ids.First(id => arms[id] == "control");
        _seed.Profile(treated, 900);
        _seed.Profile(control, 900);

        await Actions.TakeAsync(_seed.Alert(treated, 0.8).Id, new RetentionActionRequest(RetentionAction.ExperimentArm, null, "nudge"), "li.na@example.test", Ct);
        await Actions.TakeAsync(_seed.Alert(control, 0.8).Id, new RetentionActionRequest(RetentionAction.ExperimentArm, null, "nudge"), "li.na@example.test", Ct);

        await using var db = await _database.Factory.CreateDbContextAsync(Ct);
        var reminded = await db.Events.Where(e => e.Type == EventType.RenewalReminder).Select(e => e.LearnerId).ToListAsync(Ct);
        Assert.Equal([treated], reminded);
    }

    [Fact]
    public async Task TakeAsync_ExperimentArmWithoutAKey_NamesTheFieldAndRecordsNothing()
    {
        _seed.Profile("u-1", 900);
        var alert = _seed.Alert("u-1", 0.82);

        var error = await Assert.ThrowsAsync<ChurnAlertStateException>(() => Actions.TakeAsync(alert.Id, new RetentionActionRequest(RetentionAction.ExperimentArm, null), "li.na@example.test", Ct));

        Assert.Contains("experimentKey", error.Message);
        Assert.Contains($"Churn alert {alert.Id}", error.Message);
        Assert.Equal((ChurnAlertStatus.Open, (RetentionAction?)null), (_seed.Get(alert.Id).Status, _seed.Get(alert.Id).Action));
    }

    [Fact]
    public async Task TakeAsync_LearnerOutsideTheTargetSegment_SaysSoAndNeitherEnrolsNorRecords()
    {
        _seed.Profile("u-1", 900);
        _seed.Profile("u-2", 100);
        var alert = _seed.Alert("u-1", 0.82);
        var others = await _services.GetRequiredService<SegmentService>().CreateFromIdsAsync("Only u-2", ["u-2"], "manager@example.test", Ct);
        await StartExperimentAsync("win-back", others.Segment.Id);

        var error = await Assert.ThrowsAsync<ChurnAlertStateException>(() =>
            Actions.TakeAsync(alert.Id, new RetentionActionRequest(RetentionAction.ExperimentArm, null, "win-back"), "li.na@example.test", Ct));

        Assert.Contains("u-1 is not in the target segment of experiment 'win-back'", error.Message);
        await using var db = await _database.Factory.CreateDbContextAsync(Ct);
        Assert.Empty(await db.ExperimentExposures.ToListAsync(Ct));
        Assert.Null(_seed.Get(alert.Id).Action);
    }

    [Fact]
    public async Task TakeAsync_UnknownOrStoppedExperiment_IsRefusedByName()
    {
        _seed.Profile("u-1", 900);
        var alert = _seed.Alert("u-1", 0.82);
        await _services.GetRequiredService<ExperimentService>().CreateAsync(new ExperimentDraft("draft-one", "Draft", "", null, null, new MetricSpec(ExperimentMetric.RetentionDayN, 7), [], 0.05,
            [new VariantDraft("control", "Control", 0.5, "{}", 0, true), new VariantDraft("b", "B", 0.5, "{}", 0, false)]), "manager@example.test", Ct);

        var unknown = await Assert.ThrowsAsync<ChurnAlertStateException>(() => Actions.TakeAsync(alert.Id, new RetentionActionRequest(RetentionAction.ExperimentArm, null, "nope"), "me", Ct));
        var draft = await Assert.ThrowsAsync<ChurnAlertStateException>(() => Actions.TakeAsync(alert.Id, new RetentionActionRequest(RetentionAction.ExperimentArm, null, "draft-one"), "me", Ct));

        Assert.Contains("experimentKey 'nope' is not an experiment", unknown.Message);
        Assert.Contains("experiment 'draft-one' is not running", draft.Message);
        Assert.Null(_seed.Get(alert.Id).Action);
    }

    [Fact]
    public async Task TakeAsync_RenewalReminder_SendsOneThenRefusesWithinTheCooldown()
    {
        _seed.Profile("u-1", 900);
        var first = _seed.Alert("u-1", 0.82, daysAgo: 3);

        var taken = await Actions.TakeAsync(first.Id, new RetentionActionRequest(RetentionAction.RenewalReminder, "10% off"), "li.na@example.test", Ct);
        await _services.GetRequiredService<ChurnAlertService>().ResolveAsync(first.Id, "li.na@example.test", Ct);
        ChurnAlert second;
        await using (var write = await _database.Factory.CreateDbContextAsync(Ct))
        {
            // The learner's risk crossed again after the first alert was resolved.
            second = new ChurnAlert { LearnerId = "u-1", RaisedAt = AlertSeed.Now.UtcDateTime, Risk = 0.9, Threshold = 0.7, Drivers = "[]", UpdatedAt = AlertSeed.Now.UtcDateTime };
            write.ChurnAlerts.Add(second);
            await write.SaveChangesAsync(Ct);
        }
        var error = await Assert.ThrowsAsync<ChurnAlertStateException>(() =>
            Actions.TakeAsync(second.Id, new RetentionActionRequest(RetentionAction.RenewalReminder, null), "li.na@example.test", Ct));

        Assert.Equal("Renewal reminder sent · 10% off", taken.ActionNote);
        await using var db = await _database.Factory.CreateDbContextAsync(Ct);
        var reminder = await db.Events.SingleAsync(e => e.Type == EventType.RenewalReminder, Ct);
        Assert.Equal("u-1", reminder.LearnerId);
        Assert.Contains("li.na@example.test", reminder.Properties);
        Assert.Contains("within the cooldown", error.Message);
        Assert.Null(_seed.Get(second.Id).Action);
    }

    [Fact]
    public async Task TakeAsync_ResolvedAlert_DoesNothing()
    {
        _seed.Profile("u-1", 900);
        var alert = _seed.Alert("u-1", 0.82, status: ChurnAlertStatus.Resolved);

        await Assert.ThrowsAsync<ChurnAlertStateException>(() => Actions.TakeAsync(alert.Id, new RetentionActionRequest(RetentionAction.RenewalReminder, null), "me", Ct));

        await using var db = await _database.Factory.CreateDbContextAsync(Ct);
        Assert.False(await db.Events.AnyAsync(e => e.Type == EventType.RenewalReminder, Ct));
    }

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }
}
