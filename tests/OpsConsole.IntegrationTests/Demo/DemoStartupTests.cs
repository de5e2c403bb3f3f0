using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.Web.Hosting;

namespace OpsConsole.IntegrationTests.Demo;

public sealed class DemoStartupTests : IDisposable
{
    private readonly string _path = DemoDatabase.NewPath();

    /// <summary>
    /// The web app on its own SQLite file with a small demo; settings go in as host configuration so Program sees them
    /// before Build. Any type of the web assembly names the entry point (both the web app and the CLI have a Program).
    /// </summary>
    private sealed class DemoApp(string path, bool? enabled) : WebApplicationFactory<IStartupStep>
    {
        protected override IHost CreateHost(IHostBuilder builder)
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:OpsConsole"] = $"Data Source={path}",
                ["Demo:Learners"] = "40",
                ["Demo:Days"] = "10",
            };
            if (enabled is { } on)
            {
                settings["Demo:Enabled"] = on ? "true" : "false";
            }
            builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(settings));
            return base.CreateHost(builder);
        }
    }

    private static async Task<(int Learners, List<(string Email, IList<string> Roles, bool PasswordWorks)> Accounts)> InspectAsync(DemoApp app)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<OpsUser>>();
        var accounts = new List<(string, IList<string>, bool)>();
        foreach (var account in DemoAccounts.All)
        {
            if (await users.FindByEmailAsync(account.Email) is { } user)
            {
                accounts.Add((account.Email, await users.GetRolesAsync(user), await users.CheckPasswordAsync(user, account.Password)));
            }
        }
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync(ct);
        return (await db.Learners.CountAsync(ct), accounts);
    }

    [Fact]
    public async Task Start_DemoModeOnEmptyDatabase_GeneratesPlatformAndOneAccountPerRole()
    {
        await using var app = new DemoApp(_path, enabled: true);
        using var client = app.CreateClient();

        var (learners, accounts) = await InspectAsync(app);

        Assert.Equal(40, learners);
        Assert.Equal(DemoAccounts.All.Select(a => a.Email), accounts.Select(a => a.Email));
        Assert.All(accounts, a => Assert.True(a.PasswordWorks));
        Assert.Equal(DemoAccounts.All.Select(a => a.Role), accounts.Select(a => Assert.Single(a.Roles)));
    }

    [Fact]
    public async Task Start_DemoModeTurnedOff_RemovesDemoAccountsAndKeepsData()
    {
        await using (var demo = new DemoApp(_path, enabled: true))
        {
            using var client = demo.CreateClient();
        }

        await using var app = new DemoApp(_path, enabled: false);
        using var second = app.CreateClient();
        var (learners, accounts) = await InspectAsync(app);

        Assert.Empty(accounts);
        Assert.Equal(40, learners);
    }

    [Fact]
    public async Task Start_DemoModeOff_GeneratesNothing()
    {
        await using var app = new DemoApp(_path, enabled: false);
        using var client = app.CreateClient();

        var (learners, accounts) = await InspectAsync(app);

        Assert.Equal(0, learners);
        Assert.Empty(accounts);
    }

    [Fact]
    public async Task Start_DemoModeUnsetOnEmptySqliteDatabase_GeneratesDemo()
    {
        await using var app = new DemoApp(_path, enabled: null);
        using var client = app.CreateClient();

        var (learners, accounts) = await InspectAsync(app);

        Assert.Equal(40, learners);
        Assert.Equal(DemoAccounts.All.Count, accounts.Count);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(true, 4)]
    public async Task Start_DatabaseWithOwnLearners_CreatesDemoAccountsOnlyWhenAskedExplicitly(bool? enabled, int expectedAccounts)
    {
        await using (var real = new DemoApp(_path, enabled: false))
        {
            using var client = real.CreateClient();
            await using var db = await real.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
            db.Learners.Add(new Learners.Learner { Id = "platform-user-1", SignupAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var app = new DemoApp(_path, enabled);
        using var second = app.CreateClient();
        var (learners, accounts) = await InspectAsync(app);

        Assert.Equal(1, learners);
        Assert.Equal(expectedAccounts, accounts.Count);
    }

    [Fact]
    public void Banner_WithWildcardAddress_ShowsUrlAndEveryAccountWithItsPassword()
    {
        var banner = DemoStartupStep.Banner(["http://localhost:5000"]);

        Assert.Contains("http://localhost:5000", banner);
        Assert.All(DemoAccounts.All, a =>
        {
            Assert.Contains(a.Email, banner);
            Assert.Contains(a.Password, banner);
            Assert.Contains(a.Role, banner);
        });
    }

    public void Dispose() => DemoDatabase.Delete(_path);
}
