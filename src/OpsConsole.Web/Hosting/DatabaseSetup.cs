using Microsoft.EntityFrameworkCore;
using OpsConsole.Access;
using OpsConsole.Data;

namespace OpsConsole.Web.Hosting;

public static class DatabaseSetup
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpsData(builder.Configuration);
        builder.Services.AddDatabaseOutageHandling();
        return builder;
    }

    /// <summary>
    /// Applies migrations (unless turned off) and makes sure the roles exist; the demo platform hooks in here too. Several
    /// instances starting at once take turns (<see cref="StartupLock"/>).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OpsConsole.Database");
        await using var turn = await StartupLock.AcquireAsync(options, logger, app.Lifetime.ApplicationStopping);
        await using var scope = app.Services.CreateAsyncScope();
        if (options.MigrateOnStart)
        {
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<OpsDbContext>>();
            await DatabaseMigrator.MigrateAsync(factory, options, logger);
        }
        await scope.ServiceProvider.GetRequiredService<UserAdminService>().EnsureRolesAsync();
        foreach (var step in scope.ServiceProvider.GetServices<IStartupStep>())
        {
            await step.RunAsync(app.Lifetime.ApplicationStopping);
        }
    }
}

/// <summary>Work that must finish before the console takes requests (demo data, first-run set-up).</summary>
public interface IStartupStep
{
    Task RunAsync(CancellationToken cancellationToken);
}
