using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Access;
using OpsConsole.Catalog;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Telemetry;

namespace OpsConsole;

public static class ApplicationServiceCollectionExtensions
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIngestionNotifier, NullIngestionNotifier>();
        services.AddOpsMetrics();
        services.AddSingleton<EventParser>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<LearnerRecords>();
        services.AddSingleton<CatalogRecords>();
        return services;
    }

    /// <summary>Identity's user and role stores plus API keys; the web host adds cookie sign-in on top.</summary>
    public static IdentityBuilder AddAccess(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyService>();
        services.AddScoped<UserAdminService>();
        return services.AddIdentityCore<OpsUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<OpsDbContext>();
    }
}
