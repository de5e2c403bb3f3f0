using Microsoft.Extensions.Configuration;
using OpsConsole.Cli;
using Spectre.Console.Testing;

namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>Runs the real <c>opsconsole</c> command in-process, capturing what it prints.</summary>
public static class CliRunner
{
    public static async Task<(int Exit, string Output)> RunAsync(IConfiguration configuration, params string[] args)
    {
        var console = new TestConsole().Width(200);
        var exit = await OpsCli.RunAsync(args, configuration, console);
        return (exit, console.Output);
    }
}
