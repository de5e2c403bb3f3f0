using OpsConsole.Cli.Commands;
using Spectre.Console.Cli;

namespace OpsConsole.Cli;

/// <summary>Commands contributed by later features register here, keeping <see cref="OpsCli"/> stable.</summary>
internal static class CliExtensions
{
    public static void Configure(IConfigurator config)
    {
        config.AddBranch("demo", demo =>
        {
            demo.SetDescription("The demo platform.");
            demo.AddCommand<GenerateDemoCommand>("generate")
                .WithDescription("Generate a realistic, reproducible demo platform (catalogue, learners, events, orders, memberships, tickets). Refuses a database that already has learners unless --force, which deletes them first.")
                .WithExample("demo", "generate", "--learners", "5000", "--days", "180", "--seed", "42");
        });
    }
}
