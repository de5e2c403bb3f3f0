using System.ComponentModel;
using OpsConsole.Privacy;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

internal sealed class LearnerIdSettings : CommandSettings
{
    [CommandOption("--id <ID>"), Description("The learner's id, as the platform knows them.")]
    public string Id { get; init; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Id) ? ValidationResult.Error("--id is required.") : ValidationResult.Success();

    /// <summary>Who the audit log names for work done from the command line.</summary>
    public static string Actor => $"cli:{Environment.UserName}";
}

internal sealed class EraseLearnerCommand(LearnerEraser eraser, IAnsiConsole console) : AsyncCommand<LearnerIdSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, LearnerIdSettings settings, CancellationToken cancellationToken)
    {
        if (await eraser.EraseAsync(settings.Id, LearnerIdSettings.Actor, cancellationToken) is not { } result)
        {
            console.MarkupLineInterpolated($"[red]No learner has the id {settings.Id}.[/]");
            return 1;
        }
        var table = new Table().AddColumns("Table", "Deleted", "Anonymised");
        foreach (var name in result.Deleted.Keys.Union(result.Anonymised.Keys).Order())
        {
            table.AddRow(name, result.Deleted.GetValueOrDefault(name).ToString(), result.Anonymised.GetValueOrDefault(name).ToString());
        }
        console.Write(table);
        console.MarkupLineInterpolated($"Erased. Kept records (orders, memberships, tickets, audit entries) now belong to [bold]{result.Tombstone}[/].");
        return 0;
    }
}

internal sealed class ExportLearnerCommand(LearnerDataExport export, AuditLog audit, IAnsiConsole console) : AsyncCommand<ExportLearnerCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--id <ID>"), Description("The learner's id, as the platform knows them.")]
        public string Id { get; init; } = "";

        [CommandOption("--out <FILE>"), Description("Where to write the JSON document.")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Id) || string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--id and --out are required.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!await export.ExistsAsync(settings.Id, cancellationToken))
        {
            console.MarkupLineInterpolated($"[red]No learner has the id {settings.Id}.[/]");
            return 1;
        }
        await audit.WriteAsync(LearnerIdSettings.Actor, AuditActions.LearnerExport, settings.Id, $"file {Path.GetFileName(settings.Out)}", cancellationToken);
        await using (var file = File.Create(settings.Out))
        {
            await export.WriteJsonAsync(settings.Id, file, cancellationToken);
        }
        console.MarkupLineInterpolated($"Wrote everything held about {settings.Id} to {settings.Out}.");
        return 0;
    }
}
