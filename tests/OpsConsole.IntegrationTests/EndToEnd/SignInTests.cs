using Microsoft.Playwright;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.EndToEnd;

/// <summary>A real browser against the real app: sign in through the form and land on the console.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests
{
    [Fact]
    public async Task SignIn_WrongThenRightPassword_ShowsErrorThenTheConsole()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var email = await Browser.CreateUserAsync(app, Roles.Operator);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Contains("/login", page.Url);
        await Browser.ScreenshotAsync(page, "login");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", "wrong-password");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/login?error=invalid**");

        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", OpsConsoleApp.TestPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(app.BaseAddress.ToString());

        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "overview-operator");
    }

    [Fact]
    public async Task SignOut_FromTheUserMenu_EndsTheSessionAndPagesAskToSignInAgain()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await using var context = await Browser.NewContextAsync(app.BaseAddress);
        var page = await Browser.SignInAsync(app, context, Roles.Operator, "Olga Operator");

        await Browser.ClickWhenInteractiveAsync(page, ".ops-user", ".ops-user-card__signout button");
        await page.ClickAsync(".ops-user-card__signout button");
        await page.WaitForURLAsync("**/login");

        await page.GotoAsync("/learners");
        Assert.Contains("/login?ReturnUrl=%2Flearners", page.Url);
    }
}
