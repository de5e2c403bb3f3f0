using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Learners;
using OpsConsole.Profiles;
using OpsConsole.Support;
using OpsConsole.Support.Reports;
using OpsConsole.Tests.Analytics;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Charts;
using OpsConsole.Web.Components.Overview;
using OpsConsole.Web.Components.Support.Reports;
using OpsConsole.Web.Resources;

namespace OpsConsole.Tests.Support.Reports;

/// <summary>
/// The support reports page and the overview's satisfaction card over a real database and the real query. Now is Monday
/// May 18, 2026, 10:00 in Shanghai; the page opens on the last 30 days by day.
/// </summary>
public sealed partial class SupportReportsPageTests : ComponentTestBase, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 5, 18, 2, 0, 0, TimeSpan.Zero);
    // Each render runs the real query on a database; a busy machine needs longer than bUnit's default second.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TestDatabase _database = new();

    public SupportReportsPageTests()
    {
        _database.Register(Services);
        var time = AnalyticsClock.Platform(now: Now);
        Services.AddSingleton(time);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new SlaOptions()));
        Services.AddSingleton<DeskSettings>();
        Services.AddSingleton<SlaPolicies>();
        Services.AddSingleton<SupportReportQuery>();
        var charts = JSInterop.SetupModule(ApexChart.ModulePath);
        charts.SetupVoid("create", _ => true).SetVoidResult();
        charts.SetupVoid("update", _ => true).SetVoidResult();
        charts.SetupVoid("destroy", _ => true).SetVoidResult();
    }

    /// <summary>Signs in, then renders interactively as a live circuit does (services are fixed from then on).</summary>
    private void As(string name, string role)
    {
        SignInAs(name, role);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private static DateTime Sh(int month, int day, int hour, int minute = 0) => new DateTime(2026, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);

    /// <summary>
    /// T1 Normal, Monday May 4: replied after 60 min, resolved after 360, CSAT 5 from a ¥999 learner, held by Chen Li.
    /// T2 High, Tuesday 08:00: replied 09:30 (90 min, 30 in business hours), resolved Wednesday 10:00, past its due time.
    /// T3 Low, Saturday May 16: waiting, 48 hours old.
    /// </summary>
    private void Seed(bool agents = true)
    {
        using var db = new OpsDbContext(_database.Options);
        if (agents)
        {
            db.SupportAgents.Add(new SupportAgent { Id = "a@desk", Name = "Chen Li", Capacity = 8, Status = AgentStatus.Online });
        }
        db.Learners.Add(new Learner { Id = "L1" });
        db.Profiles.Add(new LearnerProfile { LearnerId = "L1", NetSpend = 999m });
        db.Tickets.AddRange(
            new Ticket
            {
                LearnerId = "L1", Subject = "s", Body = "b", Priority = TicketPriority.Normal, Status = TicketStatus.Resolved, CreatedAt = Sh(5, 4, 9),
                FirstRespondedAt = Sh(5, 4, 10), ResolvedAt = Sh(5, 4, 15), AssigneeId = "a@desk", Intent = "billing", CsatRating = 5, CsatRatedAt = Sh(5, 4, 16),
            },
            new Ticket
            {
                LearnerId = "L2", Subject = "s", Body = "b", Priority = TicketPriority.High, Status = TicketStatus.Resolved, CreatedAt = Sh(5, 5, 8),
                FirstRespondedAt = Sh(5, 5, 9, 30), ResolvedAt = Sh(5, 6, 10), Intent = "refund_request", Channel = "app", Language = "zh",
            },
            new Ticket { LearnerId = "L3", Subject = "s", Body = "b", Priority = TicketPriority.Low, Status = TicketStatus.New, CreatedAt = Sh(5, 16, 10) });
        db.SaveChanges();
    }

    private static string Fact(IRenderedComponent<ContainerFragment> page, string key) =>
        page.Find($".ops-support-facts [data-fact={key}] .ops-fact__value").TextContent.Trim();

    [Fact]
    public void Render_Tickets_ShowsFactsChartsAndAgents()
    {
        As("Chen Jie", Roles.SupportAgent);
        Seed();

        var page = RenderWithProviders<SupportReportsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-support-facts")), Wait);
        Assert.Equal("75 min", Fact(page, "Fact_FirstResponse"));
        Assert.Equal("p90 87 min", page.Find(".ops-support-facts [data-fact=Fact_FirstResponse] .ops-fact__sub").TextContent.Trim());
        Assert.Equal("16 h", Fact(page, "Fact_Resolution"));
        Assert.Equal("100.0%", Fact(page, "Fact_FirstResponseSla"));
        Assert.Equal("50.0%", Fact(page, "Fact_ResolutionSla"));
        Assert.Equal("100.0", Fact(page, "Fact_Satisfaction"));
        Assert.Equal("0.0%", Fact(page, "Fact_Automated"));

        var charts = page.FindComponents<ApexChart>().Select(c => c.Instance).ToList();
        var times = charts[0];
        Assert.Equal(30, times.Categories.Count);
        Assert.Equal(["First response, median", "First response, p90", "Resolution, median", "Resolution, p90"], times.Series.Select(s => s.Name));
        // Of the 30 days from April 19, May 4 (15) has T1's reply after an hour and May 5 (16) T2's after 1.5; May 3 has none.
        Assert.Equal(1.0, times.Series[0].Data[15], 9);
        Assert.Equal(1.5, times.Series[0].Data[16], 9);
        Assert.Contains(14, times.Series[0].Gaps!);
        var backlog = charts.Single(c => c.Categories.Count == 5);
        Assert.Equal(["New", "Assigned", "Pending"], backlog.Series.Select(s => s.Name));
        Assert.Equal([0.0, 0, 1, 0, 0], backlog.Series[0].Data);
        var intents = charts.Single(c => c.Type == "bar" && c.Categories.Count == 30);
        Assert.Equal(["billing", "refund_request", "Not read yet"], intents.Series.Select(s => s.Name));

        var agent = page.Find(".ops-support-agents-table tbody tr");
        Assert.Equal("Chen Li", agent.QuerySelector(".ops-support-agent-name")!.TextContent.Trim());
        Assert.Equal("0 / 8", agent.QuerySelector(".ops-support-agent-load")!.TextContent.Trim());
        Assert.Equal("1", agent.QuerySelector(".ops-support-agent-solved")!.TextContent.Trim());
        Assert.Equal("60 min", agent.QuerySelector(".ops-support-agent-first")!.TextContent.Trim());
        Assert.Equal("5.00", agent.QuerySelector(".ops-support-agent-csat")!.TextContent.Trim());
        Assert.Empty(page.FindAll(".ops-journey-empty"));
    }

    [Fact]
    public void BusinessHours_Chosen_RedrawsTimesInBusinessTime()
    {
        As("Chen Jie", Roles.SupportAgent);
        Seed();
        var page = RenderWithProviders<SupportReportsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-support-times-business")), Wait);

        page.Find(".ops-support-times-business").Click();

        var times = page.FindComponents<ApexChart>()[0].Instance;
        Assert.Equal(0.5, times.Series[0].Data[16], 9);
    }

    [Fact]
    public void Weeks_Chosen_ReloadsByWeekAndExportLinksFollow()
    {
        As("Chen Jie", Roles.SupportAgent);
        Seed();
        var page = RenderWithProviders<SupportReportsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-support-facts")), Wait);

        page.Find(".ops-support-bucket-week button, button.ops-support-bucket-week").Click();

        // April 19 (a Sunday) to May 18: the cut week of April 13, four whole weeks and Monday May 18.
        page.WaitForAssertion(() => Assert.Equal(6, page.FindComponents<ApexChart>()[0].Instance.Categories.Count), Wait);
        Assert.Equal(["4/19", "4/20", "4/27", "5/4", "5/11", "5/18"], page.FindComponents<ApexChart>()[0].Instance.Categories);
        page.Find(".ops-support-export button").Click();
        Assert.Equal("/support/reports/times/export.csv?from=2026-04-19&to=2026-05-18&bucket=week",
            page.Find(".ops-support-export-times").GetAttribute("href"));
    }

    [Fact]
    public void Render_HolderNotSetUpAsAgent_ListsThemAnyway()
    {
        As("Chen Jie", Roles.SupportAgent);
        Seed(agents: false);

        var page = RenderWithProviders<SupportReportsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-support-agents-table")), Wait);
        Assert.Contains("a@desk · not set up as an agent", page.Find(".ops-support-agent-name").TextContent.Trim());
    }

    [Fact]
    public void Render_NoAgentsNoRatings_ShowsTheirEmptyStates()
    {
        As("Chen Jie", Roles.SupportAgent);
        Seed(agents: false);
        using (var db = new OpsDbContext(_database.Options))
        {
            db.Tickets.RemoveRange(db.Tickets.Where(t => t.AssigneeId != null));
            db.SaveChanges();
        }

        var page = RenderWithProviders<SupportReportsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-support-agents-empty")), Wait);
        // Nobody rated in these days: the satisfaction chart gets no series, so it shows its own empty state.
        Assert.Empty(page.FindComponents<ApexChart>().Last().Instance.Series);
        Assert.Equal("—", Fact(page, "Fact_Satisfaction"));
    }

    [Fact]
    public void Render_NoTickets_ShowsTheEmptyStateAndNoExport()
    {
        As("Zhou Min", Roles.Manager);
        var page = RenderWithProviders<SupportReportsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".ops-journey-empty")), Wait);
        Assert.Contains("none is waiting", page.Find(".ops-journey-empty").TextContent);
        Assert.Empty(page.FindAll(".ops-support-facts"));
        Assert.NotNull(page.Find(".ops-support-export button").GetAttribute("disabled"));
    }

    [Fact]
    public void SatisfactionCard_Ratings_ShowsTheIndexAndItsChange()
    {
        As("Chen Jie", Roles.SupportAgent);
        Seed();
        using (var db = new OpsDbContext(_database.Options))
        {
            // A 3 from a learner without a profile in the week before: index 50 then.
            db.Tickets.Add(new Ticket { LearnerId = "L9", Subject = "s", Body = "b", Status = TicketStatus.Closed, CreatedAt = Sh(4, 28, 9), CsatRating = 3, CsatRatedAt = Sh(4, 29, 9) });
            db.SaveChanges();
        }

        var card = Render<SatisfactionIndexCard>(p => p.Add(c => c.Range, new DayRange(new DateOnly(2026, 5, 4), new DateOnly(2026, 5, 10))));

        card.WaitForAssertion(() => Assert.Equal("100.0", card.Find(".ops-satisfaction-card__value").TextContent.Trim()), Wait);
        Assert.Equal("+50.0 pts", card.Find(".ops-satisfaction-card__change").TextContent.Trim());
        Assert.Contains("success", card.Find(".ops-satisfaction-card__change").ClassName);
        Assert.Contains("1 ratings", card.Markup);
        // A support agent may open the reports; the link says so.
        Assert.NotEmpty(card.FindAll(".ops-satisfaction-card__open"));
    }

    [Fact]
    public void SatisfactionCard_NoRatings_SaysSoWithoutAFigure()
    {
        As("Li Na", Roles.Operator);

        var card = Render<SatisfactionIndexCard>(p => p.Add(c => c.Range, new DayRange(new DateOnly(2026, 5, 4), new DateOnly(2026, 5, 10))));

        card.WaitForAssertion(() => Assert.NotEmpty(card.FindAll(".ops-satisfaction-card__none")), Wait);
        Assert.Equal("—", card.Find(".ops-satisfaction-card__value").TextContent.Trim());
        // Operators see the index but cannot open the support reports.
        Assert.Empty(card.FindAll(".ops-satisfaction-card__open"));
    }

    [Fact]
    public void Texts_Chinese_TranslatesEveryEnglishTextWithTheSamePlaceholders()
    {
        var manager = new ResourceManager(typeof(SupportReportText));
        Dictionary<string, string> Texts(string culture) => manager
            .GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var english = Texts(CultureInfo.InvariantCulture.Name);
        var chinese = Texts("zh-Hans");

        Assert.Equal(english.Keys.Order(), chinese.Keys.Order());
        foreach (var (key, text) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(chinese[key]), key);
            Assert.Equal(Placeholder().Matches(text).Select(m => m.Value).Order(), Placeholder().Matches(chinese[key]).Select(m => m.Value).Order());
        }
        // Every table the page exports and every status, priority and age it draws has a text.
        foreach (var key in SupportReportCsv().Select(t => $"Export_{t}")
                     .Concat(Enum.GetNames<TicketPriority>().Select(p => $"Priority_{p}"))
                     .Concat(Enum.GetNames<AgentStatus>().Select(s => $"AgentStatus_{s}"))
                     .Concat(BacklogAges.All.Select(a => $"Age_{a}")))
        {
            Assert.True(english.ContainsKey(key), key);
        }
    }

    private static IEnumerable<string> SupportReportCsv() => OpsConsole.Web.Support.SupportReportCsv.Tables;

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    void IDisposable.Dispose()
    {
        Dispose();
        _database.Dispose();
    }
}
