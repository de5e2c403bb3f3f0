using System.Net;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Api;

public sealed class AccountTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CultureSet_SignedInUser_FollowsThemToTheirNextSignIn()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (client, _) = await app.SignInAsync(Roles.Operator);

        var switched = await client.GetAsync("/culture/set?culture=zh-Hans&redirectUri=/", Ct);

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal("zh-Hans", ctx.Users.Single().Culture);
        var email = ctx.Users.Single().Email!;
        var fresh = new CookieContainer();
        await OpsConsoleApp.SubmitLoginAsync(app.CreateRawClient(fresh), email, OpsConsoleApp.TestPassword);
        Assert.Contains("zh-Hans", fresh.GetCookies(app.BaseAddress)[".AspNetCore.Culture"]?.Value);
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Login_ForeignReturnUrl_RedirectsHomeInstead(string returnUrl)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (_, _) = await app.SignInAsync(Roles.Operator);
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        var email = ctx.Users.Single().Email!;

        var response = await OpsConsoleApp.SubmitLoginAsync(app.CreateRawClient(new CookieContainer()), email, OpsConsoleApp.TestPassword, returnUrl);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(Roles.Operator, "/", "/")]
    [InlineData(Roles.Manager, "/", "/")]
    [InlineData(Roles.Admin, "/", "/")]
    [InlineData(Roles.SupportAgent, "/", "/support")]
    [InlineData(Roles.SupportAgent, "/learners/u-1", "/learners/u-1")]
    public async Task Login_EachRole_LandsWhereTheRoleMayWork(string role, string returnUrl, string landing)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var email = await Browser.CreateUserAsync(app, role);

        var response = await OpsConsoleApp.SubmitLoginAsync(app.CreateRawClient(new CookieContainer()), email, OpsConsoleApp.TestPassword, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(landing, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Login_WrongPassword_RedirectsBackWithAnErrorAndNoCookie()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        await app.SignInAsync(Roles.Operator);
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        var cookies = new CookieContainer();

        var response = await OpsConsoleApp.SubmitLoginAsync(app.CreateRawClient(cookies), ctx.Users.Single().Email!, "not-the-password");

        Assert.StartsWith("/login?error=invalid", response.Headers.Location?.OriginalString);
        Assert.Null(cookies.GetCookies(app.BaseAddress)[".AspNetCore.Identity.Application"]);
    }
}
