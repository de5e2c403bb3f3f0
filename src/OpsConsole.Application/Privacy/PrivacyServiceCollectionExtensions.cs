using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Privacy;

namespace OpsConsole;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>The audit log, the learner's export and erasure, and raw event retention (validated at start-up).</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<LearnerDataExport>();
        services.AddSingleton<LearnerEraser>();
        services.AddSingleton<EventRetention>();
        return services;
    }
}
