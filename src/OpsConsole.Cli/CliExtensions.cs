using Spectre.Console.Cli;

namespace OpsConsole.Cli;

/// <summary>Commands contributed by later features register here, keeping <see cref="OpsCli"/> stable.</summary>
internal static class CliExtensions
{
    public static void Configure(IConfigurator config)
    {
    }
}
