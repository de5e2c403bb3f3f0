using System.ComponentModel;
using OpsConsole.Access;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

internal sealed class CreateApiKeyCommand(ApiKeyService keys, IAnsiConsole console) : AsyncCommand<CreateApiKeyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--name <NAME>"), Description("What the key is for, e.g. 'platform-backend'.")]
        public string Name { get; init; } = "";

        [CommandOption("--scopes <SCOPES>"), Description("Comma-separated: ingest, analytics, recommend, tickets, experiments.")]
        public string Scopes { get; init; } = "ingest";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Name) ? ValidationResult.Error("--name is required.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(settings.Name, ApiKeyService.ParseScopes(settings.Scopes), "cli", cancellationToken);
        console.MarkupLineInterpolated($"Created API key [bold]{created.Name}[/] ({created.Id}) with scopes {ApiKeyService.FormatScopes(created.Scopes)}.");
        console.MarkupLine("Store it now: it is not shown again.");
        // Alone on the last line so scripts can take it with `tail -n 1`.
        console.WriteLine(created.Secret);
        return 0;
    }
}

internal sealed class ListApiKeysCommand(ApiKeyService keys, IAnsiConsole console) : AsyncCommand<EmptyCommandSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, EmptyCommandSettings settings, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("Id", "Name", "Prefix", "Scopes", "Created", "Status");
        foreach (var key in await keys.ListAsync(cancellationToken))
        {
            table.AddRow(key.Id.ToString(), Markup.Escape(key.Name), key.Prefix + "…", ApiKeyService.FormatScopes(key.Scopes),
                key.CreatedAt.ToString("u"), key.RevokedAt is null ? "[green]active[/]" : $"[grey]revoked {key.RevokedAt:u}[/]");
        }
        console.Write(table);
        return 0;
    }
}

internal sealed class RevokeApiKeyCommand(ApiKeyService keys, IAnsiConsole console) : AsyncCommand<RevokeApiKeyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ID>"), Description("The key's id, as listed by 'apikeys list'.")]
        public Guid Id { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(settings.Id, cancellationToken))
        {
            console.MarkupLineInterpolated($"[red]No active key with id {settings.Id}.[/]");
            return 1;
        }
        console.MarkupLineInterpolated($"[green]Revoked[/] {settings.Id}.");
        return 0;
    }
}
