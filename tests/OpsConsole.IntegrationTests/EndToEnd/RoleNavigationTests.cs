using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Web.Access;
using OpsConsole.Web.Components.Layout;

namespace OpsConsole.IntegrationTests.EndToEnd;

/// <summary>Each role signs in with its demo account and finds its own tools in the drawer, and nobody else's.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoleNavigationTests
{
    /// <summary>Who each policy admits, as the access design states it.</summary>
    private static readonly Dictionary<string, string[]> Admitted = new()
    {
        [Policies.Analysts] = [Roles.Operator, Roles.Manager, Roles.Admin],
        [Policies.Support] = [Roles.SupportAgent, Roles.Manager, Roles.Admin],
        [Policies.Managers] = [Roles.Manager, Roles.Admin],
        [Policies.Admins] = [Roles.Admin],
    };

    public static TheoryData<string, string, string[], string[]> Accounts => new()
    {
        // role, where the sign-in lands, entries the role must see, entries it must not see
        { Roles.Operator, "/", ["/", "/learners", "/analytics/retention", "/experiments"], ["/support", "/support/routing", "/retention/alerts/settings", "/admin/users", "/admin/api-keys", "/jobs"] },
        { Roles.SupportAgent, "/support", ["/support", "/support/knowledge", "/support/canned"], ["/", "/learners", "/experiments", "/support/routing", "/admin/users", "/admin/api-keys", "/jobs"] },
        { Roles.Manager, "/", ["/learners", "/experiments", "/retention/alerts/settings", "/support", "/support/routing"], ["/admin/users", "/admin/api-keys", "/admin/audit", "/jobs"] },
        { Roles.Admin, "/", ["/experiments", "/support", "/admin/users", "/admin/api-keys", "/admin/audit", "/jobs"], [] },
    };

    [Theory, MemberData(nameof(Accounts))]
    public async Task SignIn_DemoAccountOfEachRole_ShowsThatRolesNavigationOnly(string role, string landing, string[] shown, string[] hidden)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        // The smallest demo: what matters here is the accounts it opens, one per role.
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "true",
            ["Demo:Learners"] = "10",
            ["Demo:Days"] = "7",
        });
        var account = DemoAccounts.All.Single(a => a.Role == role);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);

        var page = await Browser.SignInAsync(context, account.Email, account.Password);

        Assert.Equal(landing, new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator(".ops-nav")).ToBeVisibleAsync();
        // The landing page is the role's own, not a refusal.
        await Assertions.Expect(page.Locator(".ops-state__icon--warning")).ToHaveCountAsync(0);
        var entries = await page.Locator(".ops-nav a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        var expected = ConsoleNavigation.Items.Where(i => Admitted[i.Policy].Contains(role)).Select(i => i.Href);
        Assert.Equal(expected, entries);
        Assert.All(shown, href => Assert.Contains(href, entries));
        Assert.All(hidden, href => Assert.DoesNotContain(href, entries));
        await Browser.ScreenshotAsync(page, "signed-in");

        // Hidden is not merely unlisted: opening a page of another role is refused.
        if (hidden.FirstOrDefault(h => h != "/jobs") is { } other)
        {
            await page.GotoAsync(other);
            await Assertions.Expect(page.Locator(".ops-state__icon--warning")).ToBeVisibleAsync();
            await Browser.ScreenshotAsync(page, "refused");
        }
    }
}
