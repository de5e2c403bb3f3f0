using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using OpsConsole.Support;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

/// <summary>
/// The public yardstick of the ticket intent model: trains on one labelled CSV and judges on another with the
/// production pipeline, printing accuracy and macro-F1 comparable with published figures.
/// </summary>
internal sealed class EvaluateIntentsCommand(IAnsiConsole console) : AsyncCommand<EvaluateIntentsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--train <PATH>"), Description("Training CSV with a header naming the columns text and category (quoted fields allowed).")]
        public string? Train { get; init; }

        [CommandOption("--test <PATH>"), Description("Test CSV in the same layout.")]
        public string? Test { get; init; }

        [CommandOption("--json"), Description("Print one JSON object (accuracy, macro_f1, train_seconds, classes) instead of a report.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Train) ? ValidationResult.Error("--train is required.")
            : string.IsNullOrWhiteSpace(Test) ? ValidationResult.Error("--test is required.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IntentYardstickResult result;
        try
        {
            result = await Task.Run(() => IntentYardstick.Run(settings.Train!, settings.Test!, cancellationToken: cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is IntentDataException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]Error:[/] {ex.Message}");
            return 1;
        }
        var evaluation = result.Evaluation;
        if (settings.Json)
        {
            var row = new JsonRow(Math.Round(evaluation.Accuracy, 4), Math.Round(evaluation.MacroF1, 4), Math.Round(result.TrainSeconds, 3), evaluation.Intents.Count);
            // Written raw rather than as console text, which would wrap long lines and break the JSON.
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(row, JsonOptions));
            return 0;
        }

        console.MarkupLineInterpolated(
            $"Trained on {result.TrainExamples:N0} texts in {result.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture)} s; tested on {result.TestExamples:N0} texts in {evaluation.Intents.Count} intents.");
        var summary = new Table().Border(TableBorder.Rounded)
            .AddColumn("Metric")
            .AddColumn(new TableColumn("Value").RightAligned());
        summary.AddRow("Accuracy", Format(evaluation.Accuracy));
        summary.AddRow("Macro-F1", Format(evaluation.MacroF1));
        summary.AddRow("Macro precision", Format(evaluation.MacroPrecision));
        summary.AddRow("Macro recall", Format(evaluation.MacroRecall));
        console.Write(summary);

        var weakest = evaluation.PerIntent.Where(m => m.Support > 0).OrderBy(m => m.F1).ThenBy(m => m.Intent, StringComparer.Ordinal).Take(5);
        var table = new Table().Border(TableBorder.Rounded).Title("Weakest intents")
            .AddColumn("Intent")
            .AddColumn(new TableColumn("Precision").RightAligned())
            .AddColumn(new TableColumn("Recall").RightAligned())
            .AddColumn(new TableColumn("F1").RightAligned())
            .AddColumn(new TableColumn("Support").RightAligned());
        foreach (var m in weakest)
        {
            table.AddRow(Markup.Escape(m.Intent), Format(m.Precision), Format(m.Recall), Format(m.F1), m.Support.ToString(CultureInfo.InvariantCulture));
        }
        console.Write(table);
        return 0;
    }

    private static string Format(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record JsonRow(double Accuracy, double MacroF1, double TrainSeconds, int Classes);
}
