using System.Text.Json;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Experiments;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Profiles;
using OpsConsole.Tests.Analytics;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Retention.Renewals;

namespace OpsConsole.Tests.Renewals;

/// <summary>
/// The renewals page over a real database with the real queries and reminders (recorded through real ingestion). Now is
/// Wednesday 10 June 2026, 12:00 in Shanghai; the reminder cooldown is the default 7 days.
/// </summary>
public sealed class RenewalsPageTests : ComponentTestBase, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 4, 0, 0, TimeSpan.Zero);
    // Each render runs real queries on a database; a busy machine needs longer than bUnit's default second.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TestDatabase _database = new();

    public RenewalsPageTests()
    {
        _database.Register(Services);
        var clock = new AnalyticsClock(Now);
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton(AnalyticsClock.Platform(now: Now));
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        // Reminders are written by the event store on the test database's own connection.
        Services.AddSingleton(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        Services.AddIngestion();
        Services.AddRenewals();
        Services.AddSegments();
        Services.AddExperiments();
        var charts = JSInterop.SetupModule(ApexChart.ModulePath);
        charts.SetupVoid("create", _ => true).SetVoidResult();
        charts.SetupVoid("update", _ => true).SetVoidResult();
        charts.SetupVoid("destroy", _ => true).SetVoidResult();
    }

    private static DateTime At(double days) => Now.UtcDateTime.AddDays(days);

    /// <summary>Wang Fang and Omar Haddad expire within 7 days (Omar was reminded 2 days ago), Li Na within 30; Chen Jie lapsed.</summary>
    private void Seed()
    {
        using var db = new OpsDbContext(_database.Options);
        void Member(string id, string name, MembershipPlan plan, double expiresInDays, int renewals = 0, int failed = 0)
        {
            db.Learners.Add(new Learner { Id = id, SignupAt = At(-400), CreatedAt = At(-400), UpdatedAt = At(-400) });
            db.LearnerPii.Add(new LearnerPii { LearnerId = id, Name = name });
            var started = plan == MembershipPlan.Annual ? At(expiresInDays).AddYears(-1) : At(expiresInDays).AddMonths(-1 - renewals);
            db.Memberships.Add(new Membership { LearnerId = id, Plan = plan, StartedAt = started, ExpiresAt = At(expiresInDays), Renewals = renewals, FailedRenewals = failed });
        }
        Member("u-1", "Wang Fang", MembershipPlan.Monthly, 2, renewals: 2, failed: 1);
        Member("u-2", "Omar Haddad", MembershipPlan.Annual, 5);
        Member("u-3", "Li Na", MembershipPlan.Monthly, 20);
        Member("u-4", "Chen Jie", MembershipPlan.Monthly, -10, renewals: 1, failed: 2);
        db.Profiles.Add(new LearnerProfile { LearnerId = "u-1", NetSpend = 480m, Lifecycle = LifecycleStage.AtRisk, ComputedAt = At(0) });
        db.Events.Add(new BehaviorEvent { EventId = "earlier-reminder", LearnerId = "u-2", Type = EventType.RenewalReminder, OccurredAt = At(-2), ReceivedAt = At(-2) });
        db.SaveChanges();
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Open(string name, string role)
    {
        SignInAs(name, role);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        var page = RenderWithProviders<RenewalsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-select-row")), Wait);
        return page;
    }

    private static IReadOnlyList<string> Learners(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) =>
        [.. page.FindAll(".ops-select-row").Select(e => e.GetAttribute("data-learner")!)];

    [Fact]
    public void Expiring_SelectedRowsReminded_RecordsReminderEventsAndReportsTheCooldownSkips()
    {
        Seed();
        var page = Open("Wang Lei", Roles.Manager);

        page.Find(".ops-select-all input").Change(true);
        page.Find(".ops-send-reminder").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-reminder-dialog")), Wait);
        Assert.Contains("2 learners get a reminder", page.Find(".ops-reminder-dialog").TextContent);
        page.Find(".ops-reminder-note textarea").Change("20% off the annual plan this week");
        page.Find(".ops-reminder-send").Click();

        page.WaitForAssertion(() => Assert.Contains("Renewal reminder sent to 1 learners.", page.Find(".mud-snackbar").TextContent), Wait);
        Assert.Contains("1 skipped: reminded in the last 7 days (u-2)", page.Find(".mud-snackbar").TextContent);
        using var db = new OpsDbContext(_database.Options);
        var sent = Assert.Single(db.Events.Where(e => e.Type == EventType.RenewalReminder && e.LearnerId == "u-1"));
        using var properties = JsonDocument.Parse(sent.Properties!);
        Assert.Equal("wang.lei@example.test", properties.RootElement.GetProperty("by").GetString());
        Assert.Equal("20% off the annual plan this week", properties.RootElement.GetProperty("note").GetString());
        Assert.Single(db.Events.Where(e => e.Type == EventType.RenewalReminder && e.LearnerId == "u-2"));
        Assert.True(page.Find(".ops-send-reminder").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Expiring_ManagerEnrolsTheSelectionInAnExperiment_AssignsThemRemindsTheTreatmentAndReportsEachArm()
    {
        Seed();
        var experiments = new ExperimentService(_database.Factory, new AnalyticsClock(Now));
        await experiments.CreateAsync(new ExperimentDraft("renewal-nudge", "Renewal nudge", "", null, null, new MetricSpec(ExperimentMetric.MembershipRenewal), [], 0.05,
            [new VariantDraft("control", "Control", 0.5, "{}", 0, true), new VariantDraft("reminder", "Reminder", 0.5, """{"action":"renewal_reminder"}""", 0, false)]),
            "seed", Xunit.TestContext.Current.CancellationToken);
        await experiments.StartAsync("renewal-nudge", "seed", Xunit.TestContext.Current.CancellationToken);
        var page = Open("Wang Lei", Roles.Manager);

        page.Find(".ops-select-all input").Change(true);
        page.Find(".ops-enrol-experiment").Click();
        page.WaitForAssertion(() => Assert.Contains("2 learners are assigned", page.Find(".ops-enrol-intro").TextContent), Wait);
        Assert.Contains("Reminder (sends a renewal reminder)", page.Find(".ops-enrol-option[data-key=renewal-nudge]").TextContent);
        page.Find(".ops-enrol-confirm").Click();
        page.WaitForAssertion(() => Assert.StartsWith("Experiment: is required", page.Find(".ops-enrol-error[data-field=experiment]").TextContent), Wait);
        page.Find(".ops-enrol-option[data-key=renewal-nudge] input").Click();
        page.Find(".ops-enrol-confirm").Click();

        page.WaitForAssertion(() => Assert.Contains("2 learners enrolled in “Renewal nudge”", page.Find(".mud-snackbar").TextContent), Wait);
        using var db = new OpsDbContext(_database.Options);
        var arms = db.ExperimentExposures.ToLookup(x => x.VariantKey, x => x.LearnerId);
        Assert.Equal(["u-1", "u-2"], arms.SelectMany(a => a).Order());
        Assert.Contains($"Control {arms["control"].Count()}, Reminder {arms["reminder"].Count()}.", page.Find(".mud-snackbar").TextContent);
        // Omar (u-2) was reminded two days ago: inside the 7-day cooldown he waits for the next hourly run.
        var reminded = db.Events.Where(e => e.Type == EventType.RenewalReminder && e.Properties!.Contains("experiment:renewal-nudge")).Select(e => e.LearnerId).ToList();
        Assert.Equal(arms["reminder"].Where(id => id != "u-2").Order(), reminded.Order());
        Assert.Contains($"{reminded.Count} renewal reminders sent.", page.Find(".mud-snackbar").TextContent);
        Assert.Empty(page.FindAll(".ops-enrol-dialog"));
    }

    [Fact]
    public void Expiring_OperatorWithoutPiiAccess_SeesMaskedNames()
    {
        Seed();
        var page = Open("Zhao Min", Roles.Operator);

        var names = page.FindAll(".ops-grid--expiring [data-pii=name]").Select(a => a.TextContent).ToList();
        Assert.Equal(["W*** F***", "O*** H***"], names);
        Assert.DoesNotContain("Wang Fang", page.Markup);
        Assert.Empty(page.FindAll(".ops-grid--expiring .ops-reveal"));
        Assert.Empty(page.FindAll(".ops-enrol-experiment"));
    }

    [Fact]
    public void Expiring_ManagerWithPiiAccess_SeesMaskedNamesSpendAndLifecycle()
    {
        Seed();
        var page = Open("Wang Lei", Roles.Manager);

        Assert.Equal(["u-1", "u-2"], Learners(page));
        Assert.StartsWith("2 memberships end by 2026-06-18 00:00", page.Find(".ops-expiring-count").TextContent);
        var first = page.FindAll(".ops-grid--expiring tbody tr")[0].TextContent;
        Assert.Contains("W*** F***", first);
        Assert.DoesNotContain("Wang Fang", page.Markup);
        Assert.Contains("480", first);
        Assert.Contains("At risk", first);
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-fact=active] .ops-fact__value").TextContent), Wait);
        Assert.Equal("2", page.Find("[data-fact=expiring-short] .ops-fact__value").TextContent);
        Assert.Equal("3", page.Find("[data-fact=expiring-long] .ops-fact__value").TextContent);
    }

    [Fact]
    public void Expiring_ManagerRevealsOneRow_ShowsThatNameOnlyAndAuditsTheReveal()
    {
        Seed();
        var page = Open("Wang Lei", Roles.Manager);

        page.Find(".ops-grid--expiring .ops-reveal[data-learner=u-1]").Click();

        page.WaitForAssertion(() => Assert.Equal(["Wang Fang", "O*** H***"],
            page.FindAll(".ops-grid--expiring [data-pii=name]").Select(a => a.TextContent)), Wait);
        using var db = new OpsDbContext(_database.Options);
        var entry = Assert.Single(db.AuditLog);
        Assert.Equal((OpsConsole.Privacy.AuditActions.PiiReveal, "u-1"), (entry.Action, entry.Target));
    }

    [Fact]
    public void Expiring_LongWindowAndPlan_ReloadTheListFromTheFirstPage()
    {
        Seed();
        var page = Open("Wang Lei", Roles.Admin);

        page.Find(".ops-window-30").Click();
        page.WaitForAssertion(() => Assert.Equal(["u-1", "u-2", "u-3"], Learners(page)), Wait);
        page.Find(".ops-plan-annual").Click();
        page.WaitForAssertion(() => Assert.Equal(["u-2"], Learners(page)), Wait);
        Assert.Contains("days=30", page.Find(".ops-export-expiring").GetAttribute("href"));
        Assert.Contains("plan=annual", page.Find(".ops-export-expiring").GetAttribute("href"));
    }

    [Fact]
    public void Page_NoMemberships_ShowsEmptyStates()
    {
        SignInAs("Wang Lei", Roles.Manager);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        var page = RenderWithProviders<RenewalsPage>();

        page.WaitForAssertion(() => Assert.Contains("No memberships end in the next 7 days", page.Find(".ops-expiring-empty").TextContent), Wait);
        page.FindAll(".ops-renewals-tabs .mud-tab").Single(t => t.TextContent.Contains("Renewal rate")).Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".ops-journey-empty")), Wait);
        page.FindAll(".ops-renewals-tabs .mud-tab").Single(t => t.TextContent.Contains("Failed renewals")).Click();
        page.WaitForAssertion(() => Assert.Contains("No failed renewals", page.Find(".ops-failed-empty").TextContent), Wait);
    }

    [Fact]
    public void Failed_Tab_ListsFailedMembershipsWithTheirOutcome()
    {
        Seed();
        var page = Open("Wang Lei", Roles.Manager);

        page.FindAll(".ops-renewals-tabs .mud-tab").Single(t => t.TextContent.Contains("Failed renewals")).Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ops-grid--failed tbody tr").Count), Wait);
        var rows = page.FindAll(".ops-grid--failed tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("C*** J**", rows[0]);
        Assert.Contains("Lapsed", rows[0]);
        Assert.Contains("W*** F***", rows[1]);
        Assert.Contains("Recovered", rows[1]);
    }

    [Fact]
    public void Cohorts_Tab_ShowsTheFirstRenewalRateOfEachStartMonthAndPlan()
    {
        Seed();
        var page = Open("Wang Lei", Roles.Manager);

        page.FindAll(".ops-renewals-tabs .mud-tab").Single(t => t.TextContent.Contains("Renewal rate")).Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-cohort-table tbody tr")), Wait);
        // Wang Fang (renewed twice) and Chen Jie (renewed once, then lapsed at the second) both started in March: both renewed
        // the first time, one of the two the second time, and neither third renewal has fallen due.
        var march = page.Find(".ops-cohort-table tr[data-cohort='2026-03'][data-plan=monthly]");
        Assert.Contains("100%", march.QuerySelector("[data-k='1']")!.TextContent);
        Assert.Contains("2 of 2", march.QuerySelector("[data-k='1']")!.TextContent);
        Assert.Contains("1 of 2", march.QuerySelector("[data-k='2']")!.TextContent);
        Assert.Contains("not due yet", march.QuerySelector("[data-k='3']")!.TextContent);
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
