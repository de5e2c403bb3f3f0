using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsConsole.Data;
using Spectre.Console;

namespace OpsConsole.Cli.Hosting;

internal static class CliServices
{
    public static ServiceCollection Create(IConfiguration configuration, IAnsiConsole console)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(console);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddOpsData(configuration);
        services.AddIngestion();
        services.AddAccess();
        services.AddDemo(configuration);
        services.AddPrivacy();
        return services;
    }
}
