using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using OpsConsole.Web.Access;
using OpsConsole.Web.Components.Layout;

namespace OpsConsole.Tests.Components;

/// <summary>
/// What every component test starts from: MudBlazor's services, loose JS interop (modules the test cares about are
/// planned explicitly), the console's real resources in English, and a way to sign in that grants exactly the
/// policies the real policy definitions give a user's roles.
/// </summary>
public abstract class ComponentTestBase : BunitContext
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly Lazy<IAuthorizationService> RealPolicies = new(BuildRealPolicies);
    private static readonly string[] AllPolicies = [Policies.Analysts, Policies.Support, Policies.Managers, Policies.Admins];

    static ComponentTestBase()
    {
        // Component tests run in parallel with database work on two shared cores: the renderer's checks must not starve
        // behind blocked pool threads, and a slow machine gets time rather than a false failure.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
    }

    protected ComponentTestBase()
    {
        CultureInfo.CurrentCulture = English;
        CultureInfo.CurrentUICulture = English;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddTransient<MudLocalizer, ConsoleMudLocalizer>();
        Services.AddSingleton(TimeProvider.System);
        // Any page may show a learner's contact details behind the audited reveal (resolved only when a test's own
        // database is registered and the reveal is pressed).
        Services.AddSingleton<OpsConsole.Privacy.AuditLog>();
        Services.AddSingleton<OpsConsole.Web.Privacy.PiiReveals>();
        Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgeryState>();
    }

    /// <summary>Signs in a console user with the given roles; the policies they pass are decided by the console's own policy definitions.</summary>
    protected BunitAuthorizationContext SignInAs(string displayName, params string[] roles)
    {
        var email = $"{displayName.Replace(' ', '.').ToLowerInvariant()}@example.test";
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, email),
            new(ClaimTypes.Email, email),
            new(ConsoleClaimsPrincipalFactory.DisplayNameClaim, displayName),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
        var granted = AllPolicies.Where(p => RealPolicies.Value.AuthorizeAsync(principal, p).GetAwaiter().GetResult().Succeeded).ToArray();

        var auth = AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetRoles(roles);
        auth.SetPolicies(granted);
        auth.SetClaims([.. claims.Where(c => c.Type != ClaimTypes.Name && c.Type != ClaimTypes.Role)]);
        return auth;
    }

    /// <summary>Renders a page the way the layout hosts it: with the popover, dialog and snackbar providers beside it.</summary>
    protected IRenderedComponent<ContainerFragment> RenderWithProviders<TPage>(params (string Name, object? Value)[] parameters) where TPage : IComponent => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
        builder.OpenComponent<TPage>(3);
        foreach (var (name, value) in parameters)
        {
            builder.AddAttribute(4, name, value);
        }
        builder.CloseComponent();
    });

    private static IAuthorizationService BuildRealPolicies()
    {
        var web = WebApplication.CreateSlimBuilder();
        web.AddConsoleAccess();
        var services = new ServiceCollection().AddLogging().AddAuthorizationCore();
        foreach (var configure in web.Services.Where(d => d.ServiceType == typeof(IConfigureOptions<AuthorizationOptions>)))
        {
            services.Add(configure);
        }
        return services.BuildServiceProvider().GetRequiredService<IAuthorizationService>();
    }

    private sealed class FixedAntiforgeryState : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }
}
