using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Demo;
using OpsConsole.Support;

namespace OpsConsole.Web.Hosting;

public static class DemoSetup
{
    /// <summary>In demo mode a first start fills the empty database and opens one account per role; otherwise those accounts are removed.</summary>
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddDemo(builder.Configuration);
        builder.Services.AddScoped<IStartupStep, DemoStartupStep>();
        return builder;
    }
}

internal sealed class DemoStartupStep(
    IOptions<DemoOptions> options, DemoPlatformGenerator generator, UserAdminService admin, UserManager<OpsUser> users,
    IHostApplicationLifetime lifetime, IServer server, TimeProvider clock, ILogger<DemoStartupStep> logger, DemoKnowledgeBase knowledge) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        if (!demo.IsEnabled)
        {
            await RemoveAccountsAsync();
            return;
        }
        if (await generator.HasLearnersAsync(cancellationToken))
        {
            if (demo.EnabledByDefault && !await generator.HoldsDemoPlatformAsync(cancellationToken))
            {
                // A real SQLite deployment that never configured Demo:Enabled must not get accounts with published passwords.
                logger.LogWarning("Demo mode is on by default (SQLite, Demo:Enabled unset), but this database holds data the demo generator did not write: " +
                    "no demo accounts are created. Set Demo:Enabled=false for real use, or true to create the demo accounts anyway.");
                return;
            }
        }
        else
        {
            var request = new DemoRequest(demo.Learners, demo.Days, demo.Seed, DemoPlatformGenerator.DefaultEndDate(clock));
            logger.LogInformation("Demo mode: generating {Learners:N0} learners over {Days} days up to {EndDate:yyyy-MM-dd} (seed {Seed})…",
                request.Learners, request.Days, request.EndDate, request.Seed);
            var summary = await generator.GenerateAsync(request, new LoggedProgress(logger), cancellationToken);
            logger.LogInformation(
                "Demo platform ready in {Seconds:0.0} s: {Items} catalogue items, {Learners:N0} learners, {Events:N0} events, {Orders:N0} orders, {Refunds:N0} refunds, {Memberships:N0} memberships, {Tickets:N0} tickets.",
                summary.Elapsed.TotalSeconds, summary.CatalogItems, summary.Learners, summary.Events, summary.Orders, summary.Refunds, summary.Memberships, summary.Tickets);
        }
        if (await knowledge.SeedIfEmptyAsync(cancellationToken) is { Articles: > 0 } seeded)
        {
            logger.LogInformation("Demo mode: help centre filled with {Articles} articles and {Canned} canned responses.", seeded.Articles, seeded.CannedResponses);
        }
        await EnsureAccountsAsync();
        lifetime.ApplicationStarted.Register(() => logger.LogInformation("{Banner}", Banner(ListeningAddresses())));
    }

    private async Task EnsureAccountsAsync()
    {
        foreach (var account in DemoAccounts.All)
        {
            if (await users.FindByEmailAsync(account.Email) is null)
            {
                await admin.CreateAsync(account.Email, account.Role, account.Password, account.DisplayName);
            }
        }
    }

    /// <summary>Accounts with published passwords must not outlive demo mode.</summary>
    private async Task RemoveAccountsAsync()
    {
        foreach (var account in DemoAccounts.All)
        {
            if (await users.FindByEmailAsync(account.Email) is { } user)
            {
                var result = await users.DeleteAsync(user);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Could not remove the demo account {account.Email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
                }
                logger.LogWarning("Demo mode is off: removed the demo account {Email}.", account.Email);
            }
        }
    }

    private IReadOnlyList<string> ListeningAddresses() => Browsable(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    /// <summary>Wildcard bindings are not something a browser can open; the same port on localhost is.</summary>
    internal static IReadOnlyList<string> Browsable(IEnumerable<string> addresses) =>
        addresses.Select(a => a.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal))
            .ToList();

    internal static string Banner(IReadOnlyList<string> addresses)
    {
        const string rule = "==================================================================";
        var text = new StringBuilder();
        text.AppendLine().AppendLine(rule).AppendLine("  OpsConsole is running in DEMO MODE").AppendLine();
        text.AppendLine(addresses.Count == 0
            ? "  Open the console at the address the server listens on."
            : "  Open  " + string.Join("   ", addresses));
        text.AppendLine().AppendLine("  Sign in with a demo account (one per role):");
        foreach (var account in DemoAccounts.All)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    {account.Role,-13} {account.Email,-22} password: {account.Password}"));
        }
        text.AppendLine().AppendLine("  Demo mode is on when Demo:Enabled is true, or unset with a SQLite database.")
            .AppendLine("  Set Demo:Enabled=false for real use: the demo accounts are then removed.")
            .Append(rule);
        return text.ToString();
    }

    /// <summary>One console line per phase and per tenth of the way, not one per simulated day.</summary>
    private sealed class LoggedProgress(ILogger logger) : IProgress<DemoProgress>
    {
        private string? _phase;
        private int _tenth = -1;

        public void Report(DemoProgress value)
        {
            var tenth = (int)(value.Percent / 10);
            if (value.Phase == _phase && tenth == _tenth)
            {
                return;
            }
            _phase = value.Phase;
            _tenth = tenth;
            logger.LogInformation("Generating demo platform: {Phase} {Percent:0}%", value.Phase, value.Percent);
        }
    }
}
