using System.Net;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Web.Access;

namespace OpsConsole.IntegrationTests.Access;

/// <summary>What protects the sign-in and every response, over real HTTP.</summary>
public sealed class SignInProtectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_TenthWrongPassword_LocksTheAccountEvenForTheRightPassword()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var email = await Browser.CreateUserAsync(app, Roles.Operator);
        var client = app.CreateRawClient(new CookieContainer());

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var wrong = await OpsConsoleApp.SubmitLoginAsync(client, email, "not-the-password");
            Assert.StartsWith(attempt < 10 ? "/login?error=invalid" : "/login?error=locked", wrong.Headers.Location?.OriginalString);
        }
        var right = await OpsConsoleApp.SubmitLoginAsync(client, email, OpsConsoleApp.TestPassword);

        Assert.StartsWith("/login?error=locked", right.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/learners", Ct)).StatusCode);
        Assert.Contains("/login", (await client.GetAsync("/learners", Ct)).Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/health")]
    [InlineData("/api/v1/experiments")]
    public async Task Response_AnyPage_CarriesTheSecurityHeaders(string path)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);

        var response = await app.CreateRawClient().GetAsync(path, Ct);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
    }
}
