using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsConsole.Data;
using OpsConsole.Demo;

namespace OpsConsole;

public static class DemoServiceCollectionExtensions
{
    /// <summary>Demo options (section <c>Demo</c>, validated on start) and the generator. Needs AddOpsData.</summary>
    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>()
            .Bind(configuration.GetSection(DemoOptions.Section))
            .PostConfigure<DatabaseOptions>((demo, database) =>
            {
                if (demo.Enabled is null)
                {
                    demo.Enabled = database.Provider == DatabaseProvider.Sqlite;
                    demo.EnabledByDefault = demo.Enabled.Value;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DemoPlatformGenerator>();
        return services;
    }
}
