namespace OpsConsole.Web.Access;

/// <summary>
/// Response headers that keep browsers from doing what the console never needs: being framed by another site (click-
/// jacking), guessing content types, posting forms or loading plugins elsewhere, or sending full URLs (which can hold
/// learner ids) to other origins. Scripts and styles are not restricted by the policy: Blazor, MudBlazor and the charts
/// set inline styles, and a policy that breaks the console protects nobody.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
