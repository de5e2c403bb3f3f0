using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using OpsConsole.Access;
using OpsConsole.Data;

namespace OpsConsole.Web.Access;

/// <summary>Sign-in and sign-out are plain form posts: the cookie must be written on a real HTTP response, not over a circuit.</summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();

        account.MapPost("/login", async ([FromForm] LoginForm form, SignInManager<OpsUser> signIn, HttpContext http, ILoggerFactory loggers) =>
        {
            var returnUrl = SafeReturnUrl(form.ReturnUrl);
            var result = await signIn.PasswordSignInAsync(form.Email ?? "", form.Password ?? "", form.RememberMe, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                // The language follows the user from browser to browser.
                var user = await signIn.UserManager.FindByNameAsync(form.Email ?? "");
                if (user?.Culture is { } saved && Localization.Cultures.Supported.Contains(saved))
                {
                    WriteCultureCookie(http, saved);
                }
                return Results.LocalRedirect(user is null ? returnUrl : Landing(returnUrl, await signIn.UserManager.GetRolesAsync(user)));
            }
            loggers.CreateLogger("OpsConsole.Access").LogWarning("Failed sign-in for {Email}", form.Email);
            var error = result.IsLockedOut ? "locked" : "invalid";
            return Results.LocalRedirect($"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }).AllowAnonymous();

        // Signing out changes state: only the console's own form (which carries the antiforgery token) may do it, so
        // another site cannot sign a user out by posting here.
        account.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<OpsUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid sign-out request",
                    detail: "Sign out with the console's sign-out button; the request carried no valid antiforgery token.");
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        });

        // The culture lives in a cookie read by request localization, so a circuit started afterwards renders in it.
        app.MapGet("/culture/set", async (string culture, string? redirectUri, HttpContext http, UserManager<OpsUser> users) =>
        {
            if (!Localization.Cultures.Supported.Contains(culture))
            {
                return Results.Problem(statusCode: 400, title: "Unknown culture", detail: $"Supported: {string.Join(", ", Localization.Cultures.Supported)}.");
            }
            WriteCultureCookie(http, culture);
            if (http.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(http.User) is { } user && user.Culture != culture)
            {
                user.Culture = culture;
                await users.UpdateAsync(user);
            }
            return Results.LocalRedirect(SafeReturnUrl(redirectUri));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static void WriteCultureCookie(HttpContext http, string culture) =>
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });

    /// <summary>
    /// The overview, where a sign-in lands by default, is for analysts: an agent sent there starts at the support queue
    /// instead of a refusal.
    /// </summary>
    internal static string Landing(string returnUrl, IEnumerable<string> roles)
    {
        var held = roles.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var analyst = held.Contains(Roles.Operator) || held.Contains(Roles.Manager) || held.Contains(Roles.Admin);
        return returnUrl == "/" && !analyst && held.Contains(Roles.SupportAgent) ? "/support" : returnUrl;
    }

    internal static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";

    /// <summary>Settable properties rather than a positional record: an unticked checkbox sends nothing at all.</summary>
    public sealed class LoginForm
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public bool RememberMe { get; set; }
        public string? ReturnUrl { get; set; }
    }
}
