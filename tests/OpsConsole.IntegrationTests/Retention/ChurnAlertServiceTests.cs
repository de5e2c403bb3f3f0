using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Ingestion;
using OpsConsole.Retention;

namespace OpsConsole.IntegrationTests.Retention;

public sealed class ChurnAlertServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseProviders]
    public async Task RaiseAsync_TwoScoringBatchesAboveThreshold_RaisesOneAlert(DatabaseProvider provider)
    {
        await using var world = await AlertWorld.CreateAsync(provider);

        var first = await world.ScoreAsync(("u-1", 0.82), ("u-2", 0.30));
        world.Advance(TimeSpan.FromDays(1));
        var second = await world.ScoreAsync(("u-1", 0.91), ("u-2", 0.35));

        Assert.Equal(["u-1"], first.Raised.Select(a => a.LearnerId));
        Assert.Empty(second.Raised);
        var alert = Assert.Single(await world.AlertsAsync());
        Assert.Equal(("u-1", 0.82, 0.7, ChurnAlertStatus.Open), (alert.LearnerId, alert.Risk, alert.Threshold, alert.Status));
        Assert.Contains("not been active", Assert.Single(ChurnDrivers.Parse(alert.Drivers)).Sentence);
    }

    [Fact]
    public async Task RaiseAsync_ResolvedThenANewCrossing_RaisesAgain()
    {
        await using var world = await AlertWorld.CreateAsync(DatabaseProvider.Sqlite);
        var first = Assert.Single((await world.ScoreAsync(("u-1", 0.80))).Raised);
        await world.Alerts.ResolveAsync(first.Id, "li.na@example.test", Ct);

        world.Advance(TimeSpan.FromDays(1));
        var stillHigh = await world.ScoreAsync(("u-1", 0.85));
        world.Advance(TimeSpan.FromDays(1));
        var dipped = await world.ScoreAsync(("u-1", 0.40));
        world.Advance(TimeSpan.FromDays(1));
        var crossedAgain = await world.ScoreAsync(("u-1", 0.75));

        Assert.Empty(stillHigh.Raised);
        Assert.Empty(dipped.Raised);
        var second = Assert.Single(crossedAgain.Raised);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal([ChurnAlertStatus.Resolved, ChurnAlertStatus.Open], (await world.AlertsAsync()).Select(a => a.Status));
    }

    [Theory, DatabaseProviders]
    public async Task RaiseAsync_RunsRacingEachOther_RaiseOneAlertPerLearner(DatabaseProvider provider)
    {
        await using var world = await AlertWorld.CreateAsync(provider);
        var learners = Enumerable.Range(1, 300).Select(i => ($"u-{i}", 0.9)).ToArray();
        await world.Scores.WriteAsync(learners.Select(l => new ChurnScoreInput(l.Item1, l.Item2, [], null)), Ct);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => world.Alerts.RaiseAsync(Ct), Ct)));

        var alerts = await world.AlertsAsync();
        Assert.Equal(300, alerts.Count);
        Assert.Equal(300, alerts.Select(a => a.LearnerId).Distinct().Count());
        Assert.Equal(300, runs.Sum(r => r.Raised.Count));
        Assert.Equal(300, (await world.EventsAsync(EventType.ChurnAlertRaised)).Count);
    }

    [Fact]
    public async Task RaiseAsync_SegmentAndTierRules_TheMostSpecificRuleSetsEachThreshold()
    {
        await using var world = await AlertWorld.CreateAsync(DatabaseProvider.Sqlite);
        await world.ProfileAsync("vip-high", 5000m);
        await world.ProfileAsync("vip-low", 10m);
        await world.ProfileAsync("high", 5000m);
        await world.ProfileAsync("low", 10m);
        var vip = await world.SegmentAsync("VIP", "vip-high", "vip-low");
        var errors = await world.Thresholds.SaveAsync(
        [
            new ThresholdRuleDraft(null, ValueTier.High, 0.5),
            new ThresholdRuleDraft(vip, null, 0.6),
            new ThresholdRuleDraft(vip, ValueTier.High, 0.3),
        ], "manager@example.test", Ct);
        Assert.Empty(errors);

        var raised = await world.ScoreAsync(("vip-high", 0.35), ("vip-low", 0.55), ("high", 0.55), ("low", 0.65), ("nobody", 0.69));

        var byLearner = raised.Raised.ToDictionary(a => a.LearnerId);
        Assert.Equal(["high", "vip-high"], byLearner.Keys.Order());
        Assert.Equal((0.3, ValueTier.High, vip, "VIP"), (byLearner["vip-high"].Threshold, byLearner["vip-high"].Tier, byLearner["vip-high"].SegmentId, byLearner["vip-high"].SegmentName));
        Assert.Equal((0.5, (int?)null), (byLearner["high"].Threshold, byLearner["high"].SegmentId));
    }

    [Theory, DatabaseProviders]
    public async Task WriteAsync_SecondRunTheSameDay_ReplacesTheScoreKeepsThePreviousRiskAndOneDailyPoint(DatabaseProvider provider)
    {
        await using var world = await AlertWorld.CreateAsync(provider);
        var learners = Enumerable.Range(0, 12_000).Select(i => $"u-{i}").ToList();
        await world.Scores.WriteAsync(learners.Select(l => new ChurnScoreInput(l, 0.2, [new ChurnDriver("f", "s", 0.1)], 3)), Ct);
        world.Advance(TimeSpan.FromHours(2));

        var batch = await world.Scores.WriteAsync(learners.Select(l => new ChurnScoreInput(l, 0.6, [], 4)), Ct);

        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal((12_000, world.Clock.Now.UtcDateTime), (batch.Written, batch.ScoredAt));
        Assert.Equal(12_000, await db.ChurnScores.CountAsync(s => s.Risk == 0.6 && s.PreviousRisk == 0.2 && s.ModelVersionId == 4, Ct));
        Assert.Equal(12_000, await db.ChurnScoreHistory.CountAsync(Ct));
        var point = await db.ChurnScoreHistory.SingleAsync(p => p.LearnerId == "u-7", Ct);
        Assert.Equal((new DateOnly(2026, 6, 1), 0.6, world.Clock.Now.UtcDateTime), (point.Day, point.Risk, point.ScoredAt));
    }

    [Fact]
    public async Task WriteAsync_RiskOutsideZeroToOne_RefusesTheBatch()
    {
        await using var world = await AlertWorld.CreateAsync(DatabaseProvider.Sqlite);

        var e = await Assert.ThrowsAsync<ChurnScoreException>(() => world.Scores.WriteAsync([new("u-1", 0.5, [], null), new("u-2", 1.2, [], null)], Ct));

        Assert.Contains("u-2", e.Message);
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.ChurnScores.CountAsync(Ct));
    }

    [Fact]
    public async Task Workflow_EachStep_ChangesTheAlertAndWritesARetentionActionEvent()
    {
        await using var world = await AlertWorld.CreateAsync(DatabaseProvider.Sqlite);
        var raised = Assert.Single((await world.ScoreAsync(("u-1", 0.9))).Raised);

        await world.Alerts.AcknowledgeAsync(raised.Id, "li.na", Ct);
        world.Advance(TimeSpan.FromMinutes(5));
        await world.Alerts.AssignAsync(raised.Id, "wang.wei", "li.na", Ct);
        world.Advance(TimeSpan.FromMinutes(5));
        await world.Alerts.RecordActionAsync(raised.Id, RetentionAction.MentorCall, "Booked a call for Friday", "wang.wei", Ct);
        world.Advance(TimeSpan.FromMinutes(5));
        var resolved = await world.Alerts.ResolveAsync(raised.Id, "wang.wei", Ct);

        Assert.Equal((ChurnAlertStatus.Resolved, "li.na", "wang.wei", RetentionAction.MentorCall, "Booked a call for Friday", "wang.wei"),
            (resolved.Status, resolved.AcknowledgedBy, resolved.AssignedTo, resolved.Action, resolved.ActionNote, resolved.ResolvedBy));
        var raisedEvent = Assert.Single(await world.EventsAsync(EventType.ChurnAlertRaised));
        Assert.Equal("u-1", raisedEvent.LearnerId);
        var steps = (await world.EventsAsync(EventType.RetentionAction)).Select(e => System.Text.Json.JsonDocument.Parse(e.Properties!).RootElement.GetProperty("step").GetString());
        Assert.Equal(["acknowledged", "assigned", "action", "resolved"], steps);
        await Assert.ThrowsAsync<ChurnAlertStateException>(() => world.Alerts.RecordActionAsync(raised.Id, RetentionAction.Offer, null, "li.na", Ct));
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_OutcomeDue_StayedWhenActiveAndNotCancelledElseChurned(DatabaseProvider provider)
    {
        await using var world = await AlertWorld.CreateAsync(provider);
        var raised = (await world.ScoreAsync(("active", 0.9), ("silent", 0.9), ("cancelled", 0.9), ("late", 0.9))).Raised.ToDictionary(a => a.LearnerId, a => a.Id);
        foreach (var learner in new[] { "active", "silent", "cancelled" })
        {
            await world.Alerts.RecordActionAsync(raised[learner], RetentionAction.Offer, null, "li.na", Ct);
        }
        world.Advance(TimeSpan.FromDays(10));
        await world.Alerts.RecordActionAsync(raised["late"], RetentionAction.Outreach, null, "li.na", Ct);
        await world.EventAsync("active", "lesson_progress", world.Clock.Now.AddDays(-3));
        await world.EventAsync("cancelled", "view", world.Clock.Now.AddDays(-3));
        await world.EventAsync("cancelled", "membership_cancel", world.Clock.Now.AddDays(-2));
        world.Advance(TimeSpan.FromDays(21));

        var result = await world.Outcomes.RunAsync(Ct);

        Assert.Equal((1, 2), (result.Stayed, result.Churned));
        var alerts = (await world.AlertsAsync()).ToDictionary(a => a.LearnerId);
        Assert.Equal(AlertOutcome.Stayed, alerts["active"].Outcome);
        Assert.Equal(AlertOutcome.Churned, alerts["silent"].Outcome);
        Assert.Equal(AlertOutcome.Churned, alerts["cancelled"].Outcome);
        Assert.Equal((AlertOutcome.Pending, ChurnAlertStatus.Actioned), (alerts["late"].Outcome, alerts["late"].Status));
        Assert.Equal((ChurnAlertStatus.Resolved, AlertOutcomeTracker.System), (alerts["active"].Status, alerts["active"].ResolvedBy));
        // The console's own retention events do not count as the learner being active.
        Assert.Equal(AlertOutcome.Churned, alerts["silent"].Outcome);
    }

    [Fact]
    public async Task WeeklyAsync_DecidedOutcomes_GivesVolumeAndSaveRatePerWeekOfRaising()
    {
        await using var world = await AlertWorld.CreateAsync(DatabaseProvider.Sqlite);
        var raised = (await world.ScoreAsync(("a", 0.9), ("b", 0.9), ("c", 0.9))).Raised.ToDictionary(a => a.LearnerId, a => a.Id);
        foreach (var id in raised.Values)
        {
            await world.Alerts.RecordActionAsync(id, RetentionAction.Offer, null, "li.na", Ct);
        }
        world.Advance(TimeSpan.FromHours(2));
        await world.EventAsync("a", "view", world.Clock.Now.AddHours(-1));
        await world.EventAsync("b", "view", world.Clock.Now.AddHours(-1));
        world.Advance(TimeSpan.FromDays(31));
        await world.Outcomes.RunAsync(Ct);
        await world.ScoreAsync(("d", 0.9));

        var weeks = await world.Queries.WeeklyAsync(6, Ct);

        Assert.Equal(6, weeks.Count);
        var first = weeks.Single(w => w.WeekStart == new DateOnly(2026, 6, 1));
        Assert.Equal((3, 2, 1), (first.Raised, first.Stayed, first.Churned));
        Assert.Equal(2.0 / 3, first.SaveRate!.Value, 6);
        var last = weeks[^1];
        Assert.Equal((1, (double?)null), (last.Raised, last.SaveRate));
    }

    [Fact]
    public async Task ListAsync_FiltersAndSort_ReturnsTheMatchingPage()
    {
        await using var world = await AlertWorld.CreateAsync(DatabaseProvider.Sqlite);
        await world.ProfileAsync("rich", 9000m);
        var raised = (await world.ScoreAsync(("rich", 0.75), ("poor-1", 0.95), ("poor-2", 0.85))).Raised.ToDictionary(a => a.LearnerId, a => a.Id);
        await world.Alerts.AssignAsync(raised["poor-2"], "wang.wei", "li.na", Ct);

        var byRisk = await world.Queries.ListAsync(new AlertQuery(Sort: AlertSort.Risk, PageSize: 2), Ct);
        var high = await world.Queries.ListAsync(new AlertQuery(Tier: ValueTier.High), Ct);
        var mine = await world.Queries.ListAsync(new AlertQuery(AssignedTo: "wang.wei"), Ct);

        Assert.Equal(3, byRisk.Total);
        Assert.Equal(["poor-1", "poor-2"], byRisk.Items.Select(a => a.LearnerId));
        Assert.Equal(["rich"], high.Items.Select(a => a.LearnerId));
        Assert.Equal(["poor-2"], mine.Items.Select(a => a.LearnerId));
    }
}
