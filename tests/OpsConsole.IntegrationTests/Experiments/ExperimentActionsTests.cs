using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Segments;
using static OpsConsole.IntegrationTests.Experiments.ExperimentWorld;

namespace OpsConsole.IntegrationTests.Experiments;

public sealed class ExperimentActionsTests
{
    private const string Key = "renewal-nudge";
    private const string By = "experiment:" + Key;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // No cooldown: what keeps a learner from a second reminder here is the experiment's own record, not the reminder's cooldown.
    private static readonly Dictionary<string, string?> NoCooldown = new() { ["Retention:Renewals:ReminderCooldownDays"] = "0" };

    /// <summary>Control, a reminding treatment with a note, and a coupon arm whose payload only goes to the platform.</summary>
    private static ExperimentDraft Nudge(int? segmentId = null) => new(Key, "Renewal nudge", "A reminder brings members back.", segmentId, null,
        new MetricSpec(ExperimentMetric.MembershipRenewal), [], 0.05,
        [
            new VariantDraft("control", "Control", 0.4, "{}", 0, true),
            new VariantDraft("reminder", "Reminder", 0.3, """{"action":"renewal_reminder","note":"Your membership ends soon"}""", 0.1m, false),
            new VariantDraft("coupon", "Coupon", 0.3, """{"discount":0.2}""", 5m, false),
        ]);

    private static async Task<List<(string Learner, string? By, string? Note)>> RemindersAsync(ExperimentWorld world)
    {
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        var events = await db.Events.AsNoTracking().Where(e => e.Type == EventType.RenewalReminder).ToListAsync(Ct);
        return [.. events.Select(e =>
        {
            using var properties = JsonDocument.Parse(e.Properties!);
            var root = properties.RootElement;
            return (e.LearnerId, root.GetProperty("by").GetString(), root.TryGetProperty("note", out var note) ? note.GetString() : null);
        })];
    }

    [Theory, DatabaseProviders]
    public async Task RunAsync_ExposedLearners_RemindsEachTreatmentLearnerOnceAndNobodyElseEvenWhenRunAgain(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider, NoCooldown);
        var learners = Enumerable.Range(0, 30).Select(i => $"u-{i:00}").ToList();
        await world.LearnersAsync(learners);
        await world.RunningAsync(Nudge());
        foreach (var id in learners)
        {
            await world.Assigner.AssignAsync(Key, id, Ct);
        }
        var arms = (await world.ExposuresAsync()).ToLookup(x => x.VariantKey, x => x.LearnerId);
        Assert.All(["control", "reminder", "coupon"], arm => Assert.NotEmpty(arms[arm]));

        var first = await world.Actions.RunAsync(Key, Ct);
        world.Clock.Now = world.Clock.Now.AddHours(1);
        var again = await world.Actions.RunRunningAsync(Ct);

        var reminders = await RemindersAsync(world);
        Assert.Equal(arms["reminder"].Order(), reminders.Select(r => r.Learner).Order());
        Assert.All(reminders, r => Assert.Equal((By, "Your membership ends soon"), (r.By, r.Note)));
        Assert.Equal(arms["reminder"].Count(), first.Sent);
        Assert.Equal([0, arms["reminder"].Count(), 0], first.Arms.Select(a => a.Sent));
        Assert.Equal(0, again);
    }

    [Fact]
    public async Task RunAsync_LearnerRemindedByALikeNamedExperimentOrByHand_StillGetsThisExperimentsReminder()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite, NoCooldown);
        await world.LearnersAsync(["u-1"]);
        await world.RunningAsync(Nudge() with { Variants = [new VariantDraft("control", "Control", 0.001, "{}", 0, true),
            new VariantDraft("reminder", "Reminder", 0.999, """{"action":"renewal_reminder"}""", 0, false)] });
        Assert.Equal("reminder", (await world.Assigner.AssignAsync(Key, "u-1", Ct)).Variant!.Key);
        await world.Reminders.SendAsync(["u-1"], "experiment:" + Key + "-old", null, Ct);
        world.Clock.Now = world.Clock.Now.AddMinutes(1);
        await world.Reminders.SendAsync(["u-1"], "li.na@example.test", null, Ct);
        world.Clock.Now = world.Clock.Now.AddMinutes(1);

        var result = await world.Actions.RunAsync(Key, Ct);

        Assert.Equal(1, result.Sent);
        Assert.Equal(1, (await RemindersAsync(world)).Count(r => r.By == By));
    }

    [Fact]
    public async Task EnrolAsync_LearnersInAndOutsideTheTarget_AssignsTheMembersReportsTheRestAndRemindsAtOnce()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite, NoCooldown);
        var members = Enumerable.Range(0, 12).Select(i => $"w-{i:00}").ToList();
        await world.LearnersAsync(members, channel: "wechat");
        await world.LearnersAsync(["o-1"], channel: "organic");
        var wechat = await world.Segments.CreateAsync("From WeChat", SegmentKind.Dynamic,
            new SegmentRule(Match.All, [new SegmentCondition(ConditionKind.Channel, "wechat")], []), null, Ct);
        await world.RunningAsync(Nudge(wechat.Id));

        var result = await world.Enrolment.EnrolAsync(Key, [.. members, "o-1", "ghost", "w-00"], "li.na@example.test", Ct);

        var exposed = (await world.ExposuresAsync()).ToLookup(x => x.VariantKey, x => x.LearnerId);
        Assert.Equal(members, exposed.SelectMany(g => g).Order());
        Assert.Equal(["o-1"], result.NotInSegment);
        Assert.Equal(["ghost"], result.Unknown);
        Assert.Equal(["control", "reminder", "coupon"], result.Arms.Select(a => a.VariantKey));
        Assert.Equal(result.Arms.Select(a => exposed[a.VariantKey].Count()), result.Arms.Select(a => a.Learners));
        Assert.Equal(exposed["reminder"].Count(), result.Actions.Sent);
        Assert.Equal(exposed["reminder"].Order(), (await RemindersAsync(world)).Select(r => r.Learner).Order());
    }

    [Fact]
    public async Task EnrolAsync_NoExperimentOrNoLearnersOrAStoppedOne_NamesTheFieldAndAssignsNobody()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite);
        await world.LearnersAsync(["u-1"]);
        await world.Experiments.CreateAsync(Nudge(), "manager@example.test", Ct);

        var none = await Assert.ThrowsAsync<ExperimentValidationException>(() => world.Enrolment.EnrolAsync(null, [], "li.na@example.test", Ct));
        var draft = await Assert.ThrowsAsync<ExperimentValidationException>(() => world.Enrolment.EnrolAsync(Key, ["u-1"], "li.na@example.test", Ct));

        Assert.Equal(["experiment", "learners"], none.Errors.Select(e => e.Field));
        Assert.Contains("draft", Assert.Single(draft.Errors, e => e.Field == "experiment").Message);
        Assert.Empty(await world.ExposuresAsync());
    }

    [Fact]
    public async Task EvaluateJob_RunningExperimentWithAReminderArm_RemindsTheTreatmentAndComputesTheResults()
    {
        await using var world = await CreateAsync(DatabaseProvider.Sqlite, NoCooldown);
        var learners = Enumerable.Range(0, 10).Select(i => $"u-{i}").ToList();
        await world.LearnersAsync(learners);
        await world.RunningAsync(Nudge());
        foreach (var id in learners)
        {
            await world.Assigner.AssignAsync(Key, id, Ct);
        }
        var job = new OpsConsole.Web.Retention.ExperimentJobs(world.Actions, world.Results,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OpsConsole.Web.Retention.ExperimentJobs>.Instance);

        await job.EvaluateAsync(Ct);

        var treated = (await world.ExposuresAsync()).Where(x => x.VariantKey == "reminder").Select(x => x.LearnerId).Order();
        Assert.Equal(treated, (await RemindersAsync(world)).Select(r => r.Learner).Order());
        Assert.Equal(learners.Count, world.Results.Cached(Key)!.TotalExposures);
    }
}
