using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using OpsConsole.Data;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Jobs;

public static class JobsSetup
{
    public const string DashboardPath = "/jobs";

    /// <summary>
    /// Hangfire on the console's own database (its own schema) for PostgreSQL and SQL Server, in memory for the
    /// embedded SQLite default. Storage and activator are per host rather than Hangfire's process-wide statics,
    /// so several hosts in one process (tests) never run each other's jobs.
    /// </summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddAnalytics(builder.Configuration);

        builder.Services.AddSingleton(sp => CreateStorage(sp.GetRequiredService<DatabaseOptions>(), options));
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        if (options.Enabled)
        {
            builder.Services.AddHangfireServer((sp, server) =>
            {
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                if (options.WorkerCount is > 0 and var workers)
                {
                    server.WorkerCount = workers;
                }
            });
        }

        builder.Services.AddTransient<RollupJobs>();
        builder.Services.AddScoped<RollupJobTracker>();
        builder.Services.AddScoped<IStartupStep, JobStorageSchemaStartup>();
        builder.Services.AddScoped<IStartupStep, RecurringJobsStartup>();
        // One instance for the process, so its reading of the job storage serves every probe for a few seconds.
        builder.Services.AddSingleton<JobStorageHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<JobStorageHealthCheck>("jobs");
        return builder;
    }

    public static WebApplication MapJobs(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            DashboardTitle = "OpsConsole jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
            Authorization = [new AdminDashboardAuthorizationFilter()],
        });
        return app;
    }

    internal static JobStorage CreateStorage(DatabaseOptions database, JobsOptions options) => database.Provider switch
    {
        DatabaseProvider.SqlServer => new SqlServerStorage(database.ConnectionString, new SqlServerStorageOptions
        {
            SchemaName = options.Schema,
            PrepareSchemaIfNecessary = true,
        }),
        DatabaseProvider.PostgreSql => CreatePostgres(database.ConnectionString, new PostgreSqlStorageOptions
        {
            SchemaName = options.Schema,
            // Installed by JobStorageSchemaStartup in the start-up turn instead: the storage is first built when the
            // dashboard is mapped, and two instances installing at once collide (SQL Server's installer takes a lock itself).
            PrepareSchemaIfNecessary = false,
            // LISTEN/NOTIFY wakes a worker as soon as a job is enqueued ("Recompute now" starts at once, not after a poll).
            EnableLongPolling = true,
            // A full rebuild of a large history may outlast the fixed invisibility timeout; sliding keeps it owned while it runs.
            UseSlidingInvisibilityTimeout = true,
        }),
        _ => new InMemoryStorage(new InMemoryStorageOptions()),
    };

    private static PostgreSqlStorage CreatePostgres(string connectionString, PostgreSqlStorageOptions storageOptions) =>
        new(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
}

/// <summary>
/// Creates or upgrades Hangfire's tables on PostgreSQL before anything schedules a job, inside the start-up turn that
/// instances starting together take one after the other.
/// </summary>
public sealed class JobStorageSchemaStartup(DatabaseOptions database, JobsOptions options) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, options.Schema);
    }
}
