using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Components.Layout;

/// <summary>
/// One entry of the navigation drawer. <paramref name="TitleKey"/> and <paramref name="SectionKey"/> are keys of the
/// <see cref="Resources.UiText"/> resources; the entry is shown only to users who satisfy <paramref name="Policy"/>.
/// </summary>
public sealed record NavItem(
    string SectionKey,
    string TitleKey,
    string Href,
    string Icon,
    string Policy,
    bool External = false,
    NavLinkMatch Match = NavLinkMatch.Prefix);

/// <summary>Everything the drawer can offer, in order. A new page adds its line here with the policy its page requires.</summary>
public static class ConsoleNavigation
{
    public const string Insights = "Nav_Section_Insights";
    public const string Recommendations = "Nav_Section_Recommendations";
    public const string Retention = "Nav_Section_Retention";
    public const string Support = "Nav_Section_Support";
    public const string Administration = "Nav_Section_Administration";

    public static IReadOnlyList<NavItem> Items { get; } =
    [
        new(Insights, "Nav_Overview", "/", Icons.Material.Rounded.SpaceDashboard, Policies.Analysts, Match: NavLinkMatch.All),
        new(Insights, "Nav_Learners", "/learners", Icons.Material.Rounded.People, Policies.Analysts),
        new(Insights, "Nav_Segments", "/segments", Icons.Material.Rounded.Groups, Policies.Analysts),
        new(Insights, "Nav_Retention", "/analytics/retention", Icons.Material.Rounded.GridOn, Policies.Analysts),
        new(Insights, "Nav_Funnels", "/analytics/funnels", Icons.Material.Rounded.FilterAlt, Policies.Analysts),
        new(Insights, "Nav_Paths", "/analytics/paths", Icons.Material.Rounded.AltRoute, Policies.Analysts),
        new(Insights, "Nav_Lifecycle", "/analytics/lifecycle", Icons.Material.Rounded.Autorenew, Policies.Analysts),
        new(Insights, "Nav_Compass", "/analytics/compass", Icons.Material.Rounded.Explore, Policies.Analysts),
        new(Recommendations, "Nav_RecModels", "/recommendations", Icons.Material.Rounded.ModelTraining, Policies.Analysts, Match: NavLinkMatch.All),
        new(Recommendations, "Nav_RecOnline", "/recommendations/online", Icons.Material.Rounded.Insights, Policies.Analysts),
        new(Recommendations, "Nav_RecPreview", "/recommendations/preview", Icons.Material.Rounded.AutoAwesome, Policies.Analysts),
        new(Retention, "Nav_ChurnAlerts", "/retention/alerts", Icons.Material.Rounded.NotificationImportant, Policies.Analysts, Match: NavLinkMatch.All),
        new(Retention, "Nav_ChurnModel", "/retention/model", Icons.Material.Rounded.Insights, Policies.Analysts),
        new(Retention, "Nav_AlertThresholds", "/retention/alerts/settings", Icons.Material.Rounded.Tune, Policies.Managers),
        new(Retention, "Nav_Experiments", "/experiments", Icons.Material.Rounded.Science, Policies.Analysts),
        new(Retention, "Nav_Renewals", "/retention/renewals", Icons.Material.Rounded.EventRepeat, Policies.Analysts),
        new(Support, "Nav_SupportQueue", "/support", Icons.Material.Rounded.Inbox, Policies.Support, Match: NavLinkMatch.All),
        new(Support, "Nav_SupportAgents", "/support/agents", Icons.Material.Rounded.SupportAgent, Policies.Support),
        new(Support, "Nav_SupportRouting", "/support/routing", Icons.Material.Rounded.AltRoute, Policies.Managers),
        new(Support, "Nav_SupportModel", "/support/model", Icons.Material.Rounded.Psychology, Policies.Support),
        new(Support, "Nav_Knowledge", "/support/knowledge", Icons.Material.Rounded.MenuBook, Policies.Support),
        new(Support, "Nav_Canned", "/support/canned", Icons.Material.Rounded.Quickreply, Policies.Support),
        new(Support, "Nav_Automation", "/support/automation", Icons.Material.Rounded.SmartToy, Policies.Managers),
        new(Support, "Nav_SupportReports", "/support/reports", Icons.Material.Rounded.QueryStats, Policies.Support),
        new(Administration, "Nav_Users", "/admin/users", Icons.Material.Rounded.ManageAccounts, Policies.Admins),
        new(Administration, "Nav_ApiKeys", "/admin/api-keys", Icons.Material.Rounded.VpnKey, Policies.Admins),
        new(Administration, "Nav_Quarantine", "/admin/quarantine", Icons.Material.Rounded.RuleFolder, Policies.Admins),
        new(Administration, "Nav_Audit", "/admin/audit", Icons.Material.Rounded.Policy, Policies.Admins),
        // The jobs dashboard is served outside the Blazor router, so the browser must load it.
        new(Administration, "Nav_Jobs", "/jobs", Icons.Material.Rounded.Schedule, Policies.Admins, External: true),
    ];
}
