using OpsConsole.Web.Access;

namespace OpsConsole.Web.Hosting;

public static class Pipeline
{
    public static WebApplication UseConsolePipeline(this WebApplication app)
    {
        // Problem details for API callers; an unhandled error never leaks a stack trace outside Development.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the framework could not bind is the caller's mistake, not ours.
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Browsers remember to use HTTPS only once they have reached the console over HTTPS; plain HTTP is unaffected.
            app.UseHsts();
        }
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }
}
