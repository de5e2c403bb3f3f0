using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsConsole.Telemetry;

namespace OpsConsole.Recommendations;

public static class RecommendationsServiceCollectionExtensions
{
    public static IServiceCollection AddRecommendations(this IServiceCollection services)
    {
        services.AddOptions<RecommenderOptions>().BindConfiguration(RecommenderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<RecommenderOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RecommenderGenerators>();
        services.AddSingleton<RecommenderHost>();
        services.AddSingleton<LearnerStateCache>();
        services.AddSingleton<RerankCache>();
        services.AddSingleton<RecommendationRanker>();
        services.AddSingleton<ImpressionLog>();
        services.AddSingleton<RecommendationService>();
        services.AddSingleton<RecommendationPreview>();
        services.AddSingleton<RecommendationFeedbackService>();
        services.AddSingleton<RecommenderRegistry>();
        services.AddSingleton<RerankerTraining>();
        services.AddSingleton<RecommenderTrainer>();
        services.AddOpsMetrics();
        services.AddSingleton<OnlineQualityQuery>();
        return services;
    }
}
