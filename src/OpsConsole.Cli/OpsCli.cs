using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Cli.Commands;
using OpsConsole.Cli.Hosting;
using OpsConsole.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli;

/// <summary>The <c>opsconsole</c> command: database, users, API keys, imports and the demo platform.</summary>
public static class OpsCli
{
    public static async Task<int> RunAsync(string[] args, IConfiguration? configuration = null, IAnsiConsole? console = null)
    {
        configuration ??= LoadConfiguration();
        console ??= AnsiConsole.Console;
        ServiceCollection services;
        try
        {
            services = CliServices.Create(configuration, console);
        }
        catch (DatabaseConfigurationException ex)
        {
            console.MarkupLineInterpolated($"[red]Configuration error:[/] {ex.Message}");
            return 2;
        }
        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("opsconsole");
            config.ConfigureConsole(console);
            config.SetExceptionHandler((ex, _) =>
            {
                var error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                console.MarkupLineInterpolated($"[red]Error:[/] {error.Message}");
                return 1;
            });
            config.AddBranch("db", db =>
            {
                db.SetDescription("Database schema.");
                db.AddCommand<MigrateCommand>("migrate").WithDescription("Apply pending migrations to the configured database.");
            });
            config.AddBranch("users", users =>
            {
                users.SetDescription("Console users.");
                users.AddCommand<CreateUserCommand>("create").WithDescription("Create a user with a role (Operator, SupportAgent, Manager, Admin).");
                users.AddCommand<ListUsersCommand>("list").WithDescription("List users and their roles.");
            });
            config.AddBranch("apikeys", keys =>
            {
                keys.SetDescription("API keys for the platform backend.");
                keys.AddCommand<CreateApiKeyCommand>("create").WithDescription("Create a key; the key alone is printed on the last line.");
                keys.AddCommand<ListApiKeysCommand>("list").WithDescription("List keys (never their secrets).");
                keys.AddCommand<RevokeApiKeyCommand>("revoke").WithDescription("Revoke a key by id.");
            });
            config.AddBranch("import", import =>
            {
                import.SetDescription("Import NDJSON or CSV files with the API's validation.");
                import.AddCommand<ImportEventsCommand>("events").WithDescription("Import behaviour events.");
                import.AddCommand<ImportLearnersCommand>("learners").WithDescription("Import learners (each record has an id).");
                import.AddCommand<ImportCatalogCommand>("catalog").WithDescription("Import catalogue items (each record has an id).");
            });
            CliExtensions.Configure(config);
        });
        return await app.RunAsync(CliExtensions.NormaliseArguments(args));
    }

    public static IConfiguration LoadConfiguration()
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
    }
}
