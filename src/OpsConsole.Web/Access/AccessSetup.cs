using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using OpsConsole.Access;
using OpsConsole.Data;

namespace OpsConsole.Web.Access;

public static class AccessSetup
{
    /// <summary>A caller presenting an API key is the platform backend; anyone else is a console user with a cookie.</summary>
    private const string SelectScheme = "ApiKeyOrCookie";

    public static WebApplicationBuilder AddConsoleAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddAccess().AddSignInManager().AddDefaultTokenProviders().AddClaimsPrincipalFactory<ConsoleClaimsPrincipalFactory>();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectScheme;
                o.DefaultChallengeScheme = SelectScheme;
            })
            .AddPolicyScheme(SelectScheme, "API key or cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme);
        builder.Services.AddAuthentication()
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/access-denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                // Machines calling the API or hub get a status code, not a redirect to an HTML sign-in page.
                o.Events.OnRedirectToLogin = ctx => StatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => StatusOrRedirect(ctx, StatusCodes.Status403Forbidden);
            }));
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        // Everything needs a signed-in console user unless an endpoint says otherwise. A role is required, not just a
        // signed-in principal: an API key authenticates too, and must reach nothing but the endpoints of its scopes.
        var consoleUser = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build();
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(consoleUser)
            .SetFallbackPolicy(consoleUser)
            .AddPolicy(Policies.Analysts, p => p.RequireRole(Roles.Operator, Roles.Manager, Roles.Admin))
            .AddPolicy(Policies.Support, p => p.RequireRole(Roles.SupportAgent, Roles.Manager, Roles.Admin))
            .AddPolicy(Policies.Managers, p => p.RequireRole(Roles.Manager, Roles.Admin))
            .AddPolicy(Policies.Admins, p => p.RequireRole(Roles.Admin));
        foreach (var scope in Enum.GetValues<ApiScopes>().Where(s => s != ApiScopes.None))
        {
            builder.Services.AddAuthorizationBuilder().AddPolicy(Policies.Scope(scope), p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope.ToString().ToLowerInvariant()));
        }
        builder.Services.AddApiRateLimits();
        return builder;
    }

    private static Task StatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (IsMachineRequest(ctx.Request))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    internal static bool IsMachineRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/openapi");
}

public static class Policies
{
    public const string Analysts = nameof(Analysts);
    public const string Support = nameof(Support);
    public const string Managers = nameof(Managers);
    public const string Admins = nameof(Admins);

    public static string Scope(ApiScopes scope) => $"scope:{scope.ToString().ToLowerInvariant()}";
}
