using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Segments;

namespace OpsConsole;

public static class SegmentsServiceCollectionExtensions
{
    public static IServiceCollection AddSegments(this IServiceCollection services)
    {
        services.AddSingleton<SegmentService>();
        return services;
    }
}
