using System.ComponentModel;
using OpsConsole.Access;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

internal sealed class CreateUserCommand(UserAdminService users, IAnsiConsole console) : AsyncCommand<CreateUserCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--email <EMAIL>"), Description("Sign-in email.")]
        public string Email { get; init; } = "";

        [CommandOption("--role <ROLE>"), Description("Operator, SupportAgent, Manager or Admin.")]
        public string Role { get; init; } = "";

        [CommandOption("--password <PASSWORD>"), Description("Password (at least 10 characters); asked for when left out.")]
        public string? Password { get; init; }

        [CommandOption("--name <NAME>"), Description("Display name.")]
        public string? Name { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Email) ? ValidationResult.Error("--email is required.")
            : string.IsNullOrWhiteSpace(Role) ? ValidationResult.Error("--role is required.")
            : !Roles.IsKnown(Role) ? ValidationResult.Error($"--role must be one of {string.Join(", ", Roles.All)}.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var password = settings.Password ?? console.Prompt(new TextPrompt<string>("Password:").Secret());
        var user = await users.CreateAsync(settings.Email, settings.Role, password, settings.Name);
        console.MarkupLineInterpolated($"[green]Created[/] {user.Email} as {Roles.Normalize(settings.Role)}.");
        return 0;
    }
}

internal sealed class ListUsersCommand(UserAdminService users, IAnsiConsole console) : AsyncCommand<EmptyCommandSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, EmptyCommandSettings settings, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("Email", "Name", "Roles");
        foreach (var (user, roles) in await users.ListAsync())
        {
            table.AddRow(Markup.Escape(user.Email ?? ""), Markup.Escape(user.DisplayName ?? ""), string.Join(", ", roles));
        }
        console.Write(table);
        return 0;
    }
}
