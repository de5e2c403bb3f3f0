using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsConsole.Data;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using static OpsConsole.Tests.Support.Intents.IntentFixtures;

namespace OpsConsole.Tests.Support.Intents;

/// <summary>The trainer, registry and host over a real database, on hand-written English and Chinese tickets.</summary>
public sealed class IntentTrainerTests : IDisposable
{
    private readonly TestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TrainAsync_EnglishAndChineseTickets_FirstVersionServesAndReadsNewTicketsInBothLanguages()
    {
        Seed(_database, Tickets);
        using var services = Services(_database);
        var progress = new List<double>();

        var version = await services.GetRequiredService<IntentTrainer>().TrainAsync("manager@example.test", new SyncProgress(progress.Add), Ct);

        Assert.Equal(IntentModelStatus.Active, version.Status);
        var stored = (await services.GetRequiredService<IntentModelRegistry>().GetAsync(version.Id, Ct))!;
        Assert.Equal(("manager@example.test", "manager@example.test (first model)"), (stored.StartedBy, stored.PromotedBy));
        // Ten tickets per intent: two of each are held out to measure.
        Assert.Equal((24, 6, 3), (stored.TrainingExamples, stored.TestExamples, stored.Classes));
        Assert.True(stored.DurationMs > 0);
        var report = IntentModelReport.Read(stored.Evaluation)!;
        Assert.Equal([Login, Refund, Video], report.Intents);
        Assert.Equal(6, report.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal(stored.Accuracy, report.ConfusionMatrix.Select((row, i) => row[i]).Sum() / 6.0, 6);
        Assert.Equal(stored.MacroF1, report.MacroF1);
        Assert.All(report.PerIntent, r => Assert.Equal((2, 8), (r.Support, r.TrainingExamples)));
        Assert.Equal(IntentPromotionReason.FirstModel, report.Promotion!.Reason);
        Assert.Equal(1.0, progress[^1]);
        Assert.True(progress.SequenceEqual(progress.Order()), "progress only moves forward");

        var classifier = services.GetRequiredService<IIntentClassifier>();
        var refund = classifier.Classify("退款", "课程买错了，我想把钱退回来")!;
        Assert.Equal((Refund, version.Id), (refund.Intent, refund.ModelVersion));
        Assert.Equal(2, refund.Alternatives.Count);
        Assert.True(refund.Confidence > refund.Alternatives[0].Probability);
        Assert.Equal(Login, classifier.Classify("Locked out", "I can't log in, my password reset did not help.")!.Intent);
        Assert.Equal(Video, classifier.Classify("视频问题", "课程视频黑屏，一直缓冲")!.Intent);
        Assert.Equal(Refund, classifier.Classify("", "Please refund my purchase, it was a mistake.")!.Intent);
    }

    [Fact]
    public async Task TrainAsync_OnlyUnconfirmedReadings_FailsNamingWhatIsMissingAndRecordsNoVersion()
    {
        Seed(_database, Tickets.Where(t => t.Intent == Refund).Take(3));
        Seed(_database, Tickets.Where(t => t.Intent != Refund), confirmed: false);
        using var services = Services(_database);

        var error = await Assert.ThrowsAsync<IntentTrainingException>(() => services.GetRequiredService<IntentTrainer>().TrainAsync("nightly", null, Ct));

        Assert.Equal("An intent model needs at least two intents with 4 confirmed tickets each; no intent has that many. " +
            "Short of 4: refund_request 3 (1 more needed).", error.Message);
        Assert.Equal(3, error.Readiness.Examples);
        Assert.Empty(await services.GetRequiredService<IntentModelRegistry>().ListAsync(Ct));
        Assert.Null(services.GetRequiredService<IIntentClassifier>().Classify("退款", "请退款"));
    }

    [Fact]
    public async Task TrainAsync_FewerTicketsThanTheMinimum_SaysHowManyMoreAreNeeded()
    {
        Seed(_database, Tickets);
        using var services = Services(_database, settings: new Dictionary<string, string?>(SmallDesk) { ["Support:Intents:MinimumExamples"] = "40" });
        var trainer = services.GetRequiredService<IntentTrainer>();

        var readiness = await trainer.ReadinessAsync(Ct);
        var error = await Assert.ThrowsAsync<IntentTrainingException>(() => trainer.TrainAsync("nightly", null, Ct));

        Assert.Equal(readiness.Problem, error.Message);
        Assert.Equal("An intent model needs at least 40 confirmed tickets in intents with 4 or more each; there are 30 " +
            "(login_account 10, refund_request 10, video_playback 10), 10 more needed.", error.Message);
    }

    [Fact]
    public async Task TrainAsync_AnIntentWithTooFewTickets_IsLeftOutAndReported()
    {
        Seed(_database, [.. Tickets, ("Coupon not accepted", "My coupon code SAVE20 does not work at checkout.", "coupon"), ("优惠券用不了", "优惠码结账时提示无效。", "coupon")]);
        using var services = Services(_database);

        var version = await services.GetRequiredService<IntentTrainer>().TrainAsync("nightly", null, Ct);

        var report = IntentModelReport.Read(version.Evaluation)!;
        Assert.Equal([new IntentExampleCount("coupon", 2)], report.LeftOut);
        Assert.DoesNotContain("coupon", report.Intents);
        Assert.Equal(3, version.Classes);
    }

    [Fact]
    public async Task TrainAsync_SecondVersionNoWorse_ReplacesTheActiveOneAutomatically()
    {
        Seed(_database, Tickets);
        using var services = Services(_database);
        var trainer = services.GetRequiredService<IntentTrainer>();
        var v1 = await trainer.TrainAsync("manager@example.test", null, Ct);

        var v2 = await trainer.TrainAsync("nightly", null, Ct);

        Assert.Equal(IntentModelStatus.Active, v2.Status);
        var versions = await services.GetRequiredService<IntentModelRegistry>().ListAsync(Ct);
        Assert.Equal([(v2.Id, IntentModelStatus.Active), (v1.Id, IntentModelStatus.Retired)], versions.Select(v => (v.Id, v.Status)));
        Assert.Equal("nightly (automatic)", versions[0].PromotedBy);
        Assert.Equal(IntentPromotionReason.WithinMargin, IntentModelReport.Read(versions[0].Evaluation)!.Promotion!.Reason);
        Assert.Equal(v2.Id, services.GetRequiredService<IntentModelHost>().Current!.Version);
    }

    [Fact]
    public async Task TrainAsync_ActiveVersionScoredBeyondTheMargin_NewVersionWaitsForAManager()
    {
        Seed(_database, Tickets);
        using var services = Services(_database);
        var trainer = services.GetRequiredService<IntentTrainer>();
        var v1 = await trainer.TrainAsync("manager@example.test", null, Ct);
        await RecordMacroF1Async(v1.Id, 1.5);

        var v2 = await trainer.TrainAsync("nightly", null, Ct);

        Assert.Equal(IntentModelStatus.Ready, v2.Status);
        var promotion = IntentModelReport.Read(v2.Evaluation)!.Promotion!;
        Assert.Equal((false, IntentPromotionReason.BelowMargin, v1.Id, 1.5, 0.02), (promotion.Promoted, promotion.Reason, promotion.ComparedWith, promotion.ComparedMacroF1, promotion.Margin));
        Assert.Equal(v1.Id, services.GetRequiredService<IntentModelHost>().Current!.Version);
    }

    [Fact]
    public async Task PromoteAndRollBack_ByAManager_RecordWhoAndTheClassifierFollows()
    {
        Seed(_database, Tickets);
        using var services = Services(_database);
        var trainer = services.GetRequiredService<IntentTrainer>();
        var registry = services.GetRequiredService<IntentModelRegistry>();
        var classifier = services.GetRequiredService<IIntentClassifier>();
        var v1 = await trainer.TrainAsync("manager@example.test", null, Ct);
        await RecordMacroF1Async(v1.Id, 1.5);
        var v2 = await trainer.TrainAsync("nightly", null, Ct);

        await registry.PromoteAsync(v2.Id, "lead@example.test", Ct);
        var afterPromotion = classifier.Classify("退款", "请退款")!.ModelVersion;
        var back = await registry.RollBackAsync("lead@example.test", null, Ct);

        Assert.Equal((v2.Id, v1.Id), (afterPromotion, back));
        Assert.Equal(v1.Id, classifier.Classify("退款", "请退款")!.ModelVersion);
        var versions = await registry.ListAsync(Ct);
        Assert.Equal([(v2.Id, IntentModelStatus.Retired, "lead@example.test"), (v1.Id, IntentModelStatus.Active, $"lead@example.test (rollback from v{v2.Id})")],
            versions.Select(v => (v.Id, v.Status, v.PromotedBy)));
        // v2 served before v1 came back, so it is the one to roll back to now; naming it does the same.
        Assert.Equal(v2.Id, await registry.RollBackAsync("lead@example.test", v2.Id, Ct));
        Assert.Null(versions[0].Content);
    }

    [Fact]
    public async Task TrainAsync_MoreVersionsThanKept_OlderModelsAreDroppedAndTheirFiguresStay()
    {
        Seed(_database, Tickets);
        using var services = Services(_database, settings: new Dictionary<string, string?>(SmallDesk) { ["Support:Intents:KeepModels"] = "1" });
        var trainer = services.GetRequiredService<IntentTrainer>();
        var registry = services.GetRequiredService<IntentModelRegistry>();
        var v1 = await trainer.TrainAsync("manager@example.test", null, Ct);
        await RecordMacroF1Async(v1.Id, 1.5);
        var v2 = await trainer.TrainAsync("nightly", null, Ct);
        var v3 = await trainer.TrainAsync("nightly", null, Ct);

        await using (var db = await _database.Factory.CreateDbContextAsync(Ct))
        {
            var stored = await db.IntentModels.OrderBy(m => m.Id).Select(m => new { m.Id, m.Status, HasModel = m.Content != null, m.MacroF1 }).ToListAsync(Ct);
            // v1 still serves (the others stayed below its recorded score); of the rest only the newest keeps its model.
            Assert.Equal([(v1.Id, IntentModelStatus.Active, true), (v2.Id, IntentModelStatus.Ready, false), (v3.Id, IntentModelStatus.Ready, true)],
                stored.Select(m => (m.Id, m.Status, m.HasModel)));
            Assert.All(stored, m => Assert.True(m.MacroF1 > 0));
        }
        Assert.Contains("no stored model", (await Assert.ThrowsAsync<IntentModelRegistryException>(() => registry.PromoteAsync(v2.Id, "lead", Ct))).Message);
        await registry.PromoteAsync(v3.Id, "lead", Ct);
        Assert.Equal(v3.Id, services.GetRequiredService<IntentModelHost>().Current!.Version);
    }

    [Fact]
    public async Task PromoteAndRollBack_VersionsThatCannotServe_AreRefusedWithTheReason()
    {
        Seed(_database, Tickets);
        using var services = Services(_database);
        var registry = services.GetRequiredService<IntentModelRegistry>();
        var v1 = await services.GetRequiredService<IntentTrainer>().TrainAsync("manager@example.test", null, Ct);
        await using (var db = await _database.Factory.CreateDbContextAsync(Ct))
        {
            db.IntentModels.Add(new IntentModelVersion { StartedBy = "nightly", Status = IntentModelStatus.Failed, Error = "out of memory" });
            await db.SaveChangesAsync(Ct);
        }
        var failed = (await registry.ListAsync(Ct))[0].Id;

        Assert.Contains("failed and cannot read tickets", (await Assert.ThrowsAsync<IntentModelRegistryException>(() => registry.PromoteAsync(failed, "lead", Ct))).Message);
        Assert.Contains("no intent model version v99", (await Assert.ThrowsAsync<IntentModelRegistryException>(() => registry.PromoteAsync(99, "lead", Ct))).Message);
        Assert.Contains("first intent model version ever served", (await Assert.ThrowsAsync<IntentModelRegistryException>(() => registry.RollBackAsync("lead", null, Ct))).Message);
        Assert.Contains("only a retired version", (await Assert.ThrowsAsync<IntentModelRegistryException>(() => registry.RollBackAsync("lead", failed, Ct))).Message);
        Assert.Equal(v1.Id, (await registry.ActiveAsync(Ct))!.Id);
    }

    [Fact]
    public void Options_MaximumBelowMinimum_FailNamingBothKeys()
    {
        using var services = Services(_database, settings: new Dictionary<string, string?>
        {
            ["Support:Intents:MinimumExamples"] = "500",
            ["Support:Intents:MaximumExamples"] = "100",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IntentModelOptions>());

        Assert.Contains("Support:Intents:MaximumExamples (100) must not be below Support:Intents:MinimumExamples (500)", error.Message);
    }

    /// <summary>A figure no model can reach, so the next one is always worse by more than the margin.</summary>
    private async Task RecordMacroF1Async(int version, double macroF1)
    {
        await using var db = await _database.Factory.CreateDbContextAsync(Ct);
        await db.IntentModels.Where(m => m.Id == version).ExecuteUpdateAsync(s => s.SetProperty(m => m.MacroF1, macroF1), Ct);
    }

    public void Dispose() => _database.Dispose();
}

/// <summary>Reports on the caller's thread, in order.</summary>
internal sealed class SyncProgress(Action<double> report) : IProgress<double>
{
    public void Report(double value) => report(value);
}
