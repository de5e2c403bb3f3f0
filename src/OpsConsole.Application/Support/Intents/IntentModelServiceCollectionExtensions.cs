using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsConsole.Support;
using OpsConsole.Telemetry;

namespace OpsConsole;

public static class IntentModelServiceCollectionExtensions
{
    /// <summary>
    /// The desk's intent model: options (section <c>Support:Intents</c>, validated on start), the host that reads tickets
    /// (also registered as <see cref="IIntentClassifier"/>), the registry and the trainer.
    /// </summary>
    public static IServiceCollection AddIntentModelServices(this IServiceCollection services)
    {
        services.AddOptions<IntentModelOptions>().BindConfiguration(IntentModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<IntentModelOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IntentModelHost>();
        services.AddSingleton<IIntentClassifier>(sp => sp.GetRequiredService<IntentModelHost>());
        services.AddSingleton<IntentModelRegistry>();
        services.AddSingleton<IntentTrainer>();
        services.AddOpsMetrics();
        return services;
    }
}
