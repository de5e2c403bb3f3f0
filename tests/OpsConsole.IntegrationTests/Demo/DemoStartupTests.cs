using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Web.Hosting;

namespace OpsConsole.IntegrationTests.Demo;

public sealed class DemoStartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The real app with a small demo; <paramref name="enabled"/> null leaves Demo:Enabled unset.</summary>
    private static OpsConsoleApp App(TestDatabase database, bool? enabled) => new(database, new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = enabled switch { true => "true", false => "false", null => null },
        ["Demo:Learners"] = "40",
        ["Demo:Days"] = "10",
        ["Logging:LogLevel:OpsConsole.Web.Hosting.DemoStartupStep"] = "Information",
    });

    private static async Task<(int Learners, List<(string Email, IList<string> Roles, bool PasswordWorks)> Accounts)> InspectAsync(WebApplicationFactory<Program> app)
    {
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
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync(Ct);
        return (await db.Learners.CountAsync(Ct), accounts);
    }

    [Fact]
    public async Task Start_DemoModeOnEmptyDatabase_GeneratesPlatformAndOneAccountPerRole()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(database, enabled: true);

        var (learners, accounts) = await InspectAsync(app);

        Assert.Equal(40, learners);
        Assert.Equal(DemoAccounts.All.Select(a => a.Email), accounts.Select(a => a.Email));
        Assert.All(accounts, a => Assert.True(a.PasswordWorks));
        Assert.Equal(DemoAccounts.All.Select(a => a.Role), accounts.Select(a => Assert.Single(a.Roles)));
    }

    [Fact]
    public async Task Start_DemoModeUnsetOnEmptySqliteDatabase_GeneratesTheDemo()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(database, enabled: null);

        var (learners, accounts) = await InspectAsync(app);

        Assert.Equal(40, learners);
        Assert.Equal(DemoAccounts.All.Count, accounts.Count);
    }

    [Fact]
    public async Task Start_DemoModeOnPostgreSqlUnset_StaysOff()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var app = App(database, enabled: null);

        var (learners, accounts) = await InspectAsync(app);

        Assert.Equal(0, learners);
        Assert.Empty(accounts);
    }

    [Fact]
    public async Task Start_DemoModeTurnedOff_RemovesDemoAccountsAndKeepsData()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var demo = App(database, enabled: true))
        {
            await InspectAsync(demo);
        }

        await using var app = App(database, enabled: false);
        var (learners, accounts) = await InspectAsync(app);

        Assert.Empty(accounts);
        Assert.Equal(40, learners);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(true, 4)]
    public async Task Start_DatabaseWithOwnLearners_CreatesDemoAccountsOnlyWhenAskedExplicitly(bool? enabled, int expectedAccounts)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            db.Learners.Add(new Learners.Learner { Id = "platform-user-1", SignupAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync(Ct);
        }

        await using var app = App(database, enabled);
        var (learners, accounts) = await InspectAsync(app);

        Assert.Equal(1, learners);
        Assert.Equal(expectedAccounts, accounts.Count);
    }

    [Fact]
    public async Task Start_DemoMode_PrintsTheListeningUrlAndEveryAccountOnceStarted()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var logs = new CapturingLoggerProvider();
        await using var demo = App(database, enabled: true);
        await using var app = demo.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var banner = await logs.WaitForAsync(m => m.Contains("DEMO MODE", StringComparison.Ordinal));

        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.Contains(new Uri(a.Replace("[::]", "localhost")).Port.ToString(), banner));
        Assert.All(DemoAccounts.All, a =>
        {
            Assert.Contains(a.Email, banner);
            Assert.Contains(a.Password, banner);
        });
    }

    [Fact]
    public void Banner_WildcardAddress_IsShownAsLocalhost()
    {
        var banner = DemoStartupStep.Banner(DemoStartupStep.Browsable(["http://[::]:5080", "http://0.0.0.0:5081"]));

        Assert.Contains("http://localhost:5080", banner);
        Assert.Contains("http://localhost:5081", banner);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public async Task<string> WaitForAsync(Func<string, bool> match)
        {
            for (var i = 0; i < 100; i++)
            {
                if (_messages.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
                await Task.Delay(50, Ct);
            }
            throw new TimeoutException("The expected log message never came.");
        }

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
