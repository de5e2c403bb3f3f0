using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Web.Access;
using OpsConsole.Web.Components.Layout;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Tests.Components;

public sealed class MainLayoutTests : ComponentTestBase
{
    private static readonly string[] AdminPages = ["/admin/users", "/admin/api-keys", "/admin/quarantine", "/admin/audit", "/jobs"];

    public MainLayoutTests()
    {
        Services.AddSingleton(new DatabaseStatus(TimeProvider.System));
        Services.AddSingleton(new PlatformTime(TimeZoneInfo.Utc, TimeProvider.System));
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

    /// <summary>The dashboards every analyst role sees, starting with the overview, in drawer order.</summary>
    private static readonly string[] InsightPages =
        [.. ConsoleNavigation.Items.Where(i => i.SectionKey == ConsoleNavigation.Insights && i.Policy == Policies.Analysts).Select(i => i.Href)];

    private static readonly string[] RecommendationPages = ["/recommendations", "/recommendations/online", "/recommendations/preview"];

    /// <summary>The retention pages every analyst role sees; managers and admins also edit the alert thresholds.</summary>
    private static readonly string[] RetentionPages =
        [.. ConsoleNavigation.Items.Where(i => i.SectionKey == ConsoleNavigation.Retention && i.Policy == Policies.Analysts).Select(i => i.Href)];

    private static readonly string[] RetentionManagerPages = [.. ConsoleNavigation.Items.Where(i => i.SectionKey == ConsoleNavigation.Retention).Select(i => i.Href)];

    /// <summary>The support desk's pages: managers and admins see all of them, agents those for the Support policy.</summary>
    private static readonly string[] SupportPages = [.. ConsoleNavigation.Items.Where(i => i.SectionKey == ConsoleNavigation.Support).Select(i => i.Href)];

    private static readonly string[] AgentPages =
        [.. ConsoleNavigation.Items.Where(i => i.SectionKey == ConsoleNavigation.Support && i.Policy == Policies.Support).Select(i => i.Href)];

    private static string[] NavTargets(IRenderedComponent<MainLayout> layout) =>
        [.. layout.FindAll(".ops-nav a").Select(a => a.GetAttribute("href") ?? "")];

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Manager)]
    public void NavMenu_AnalystRole_ShowsOverviewButNoAdministration(string role)
    {
        SignInAs("Li Na", role);

        var targets = NavTargets(RenderLayout());

        Assert.Equal([.. InsightPages, .. RecommendationPages, .. role == Roles.Manager ? [.. RetentionManagerPages, .. SupportPages] : RetentionPages], targets);
        Assert.Contains("/retention/alerts", RetentionPages);
        Assert.Contains("/retention/renewals", RetentionPages);
        Assert.DoesNotContain("/retention/alerts/settings", RetentionPages);
        Assert.Contains("/retention/alerts/settings", RetentionManagerPages);
        Assert.DoesNotContain(targets, t => t.StartsWith("/admin", StringComparison.Ordinal) || t == "/jobs");
    }

    [Fact]
    public void NavMenu_SupportAgent_ShowsTheSupportPagesAgentsUseButNeitherDashboardsNorAdministration()
    {
        SignInAs("Chen Jie", Roles.SupportAgent);

        var layout = RenderLayout();

        Assert.Equal(AgentPages, NavTargets(layout));
        Assert.Contains("/support/model", AgentPages);
        Assert.Contains("/support/knowledge", AgentPages);
        Assert.Contains("/support/reports", AgentPages);
        Assert.DoesNotContain("/support/automation", AgentPages);
        Assert.Contains("/support", AgentPages);
        Assert.Contains("/support/agents", AgentPages);
        Assert.DoesNotContain("/support/routing", AgentPages);
        Assert.Equal(["Support"], layout.FindAll(".ops-nav__section").Select(s => s.TextContent.Trim()));
    }

    [Fact]
    public void NavMenu_Admin_ShowsOverviewAndEveryAdminPage()
    {
        SignInAs("Wang Fang", Roles.Admin);

        var layout = RenderLayout();

        Assert.Equal([.. InsightPages, .. RecommendationPages, .. RetentionManagerPages, .. SupportPages, .. AdminPages], NavTargets(layout));
        Assert.Contains("/support/routing", SupportPages);
        Assert.Equal(["Insights", "Recommendations", "Retention", "Support", "Administration"], layout.FindAll(".ops-nav__section").Select(s => s.TextContent.Trim()));
    }

    [Fact]
    public void NavMenu_JobsDashboard_IsMarkedAsLeavingTheConsole()
    {
        SignInAs("Wang Fang", Roles.Admin);

        var jobs = RenderLayout().FindAll(".ops-nav a").Single(a => a.GetAttribute("href") == "/jobs");

        Assert.NotNull(jobs.QuerySelector(".ops-nav__external"));
    }

    [Fact]
    public void MainLayout_SignedInUser_ShowsDisplayNameInitialsAndBody()
    {
        SignInAs("Li Na", Roles.Operator);

        var layout = RenderLayout();

        Assert.Equal("Li Na", layout.Find(".ops-user__name").TextContent);
        Assert.Equal("LN", layout.Find(".ops-user__avatar").TextContent.Trim());
        Assert.Contains("page body", layout.Find(".ops-page").TextContent);
    }

    [Fact]
    public void ThemeToggle_Clicked_SwitchesToDarkAndRemembersIt()
    {
        SignInAs("Li Na", Roles.Operator);
        var browser = JSInterop.SetupModule("./lib/browser.js");
        browser.SetupVoid("saveDarkMode", _ => true);
        var layout = RenderLayout();

        layout.Find(".ops-theme-toggle").Click();

        Assert.Equal(true, browser.VerifyInvoke("saveDarkMode").Arguments[0]);
        Assert.Equal("Switch to light theme", layout.Find(".ops-theme-toggle").GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData("Li Na", "LN")]
    [InlineData("admin@x.test", "AD")]
    [InlineData("王芳", "王")]
    public void InitialsOf_Name_TakesTwoLatinLettersOrOneChineseCharacter(string name, string expected) =>
        Assert.Equal(expected, UserMenu.InitialsOf(name));
}
