using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using OpsConsole.Retention.Churn;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

/// <summary>
/// The churn learner on any labelled CSV: a seeded, stratified 80/20 split, the platform's learner trained on the 80%,
/// and AUC, PR-AUC and log loss on the 20%.
/// </summary>
internal sealed class EvaluateChurnCommand(IAnsiConsole console) : AsyncCommand<EvaluateChurnCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--csv <PATH>"), Description("CSV with a header row; quoted fields allowed; blank or ? is a missing value.")]
        public string? Csv { get; init; }

        [CommandOption("--label <COLUMN>"), Description("The column to predict (header names are matched without case).")]
        public string? Label { get; init; }

        [CommandOption("--positive <VALUE>"), Description("The label value that is the positive class. Without it, a two-valued label takes yes/true/churn-like words, else the larger number, else the second value alphabetically.")]
        public string? Positive { get; init; }

        [CommandOption("--id <COLUMN>"), Description("A column that identifies rows; it is not learned from.")]
        public string? Id { get; init; }

        [CommandOption("--seed <SEED>"), Description("Seed of the split and the trees (default 42).")]
        public int Seed { get; init; } = 42;

        [CommandOption("--json"), Description("Print one JSON object (auc, pr_auc, log_loss, rows, train_seconds) instead of a report.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Csv) ? ValidationResult.Error("--csv is required.")
            : string.IsNullOrWhiteSpace(Label) ? ValidationResult.Error("--label is required.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        CsvEvaluationResult result;
        try
        {
            result = await Task.Run(() => CsvEvaluation.Run(settings.Csv!, settings.Label!, settings.Positive, settings.Id, settings.Seed,
                cancellationToken: cancellationToken), cancellationToken);
        }
        catch (TabularDataException ex)
        {
            console.MarkupLineInterpolated($"[red]Error:[/] {ex.Message}");
            return 1;
        }
        var evaluation = result.Evaluation;
        if (settings.Json)
        {
            var row = new JsonRow(Round(evaluation.Auc), Round(evaluation.PrAuc), Math.Round(evaluation.LogLoss, 4), result.Data.Examples.Count,
                Math.Round(result.TrainSeconds, 3));
            // Written raw rather than as console text, which would wrap long lines and break the JSON.
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(row, JsonOptions));
            return 0;
        }

        var data = result.Data;
        console.MarkupLineInterpolated(
            $"{data.Examples.Count:N0} rows: positive class '{data.PositiveValue}' ({evaluation.BaseRate:P1} of the held-out rows), {data.Schema.Numeric.Count} numeric and {data.Schema.Categorical.Count} categorical columns.");
        if (data.IgnoredColumns.Count > 0)
        {
            console.MarkupLineInterpolated($"Not learned from: {string.Join(", ", data.IgnoredColumns)}.");
        }
        if (data.RowsWithoutLabel > 0)
        {
            console.MarkupLineInterpolated($"{data.RowsWithoutLabel:N0} rows without a label were left out.");
        }
        console.MarkupLineInterpolated(
            $"Trained on {result.TrainRows:N0} rows in {result.TrainSeconds.ToString("F2", CultureInfo.InvariantCulture)} s (seed {settings.Seed}); held out {result.TestRows:N0} (stratified).");

        var summary = new Table().Border(TableBorder.Rounded).AddColumn("Metric").AddColumn(new TableColumn("Held out").RightAligned());
        summary.AddRow("AUC", Format(evaluation.Auc));
        summary.AddRow("PR-AUC", Format(evaluation.PrAuc));
        summary.AddRow("Log loss", Format(evaluation.LogLoss));
        console.Write(summary);

        var lift = new Table().Border(TableBorder.Rounded).Title("Lift by decile (riskiest first)")
            .AddColumn(new TableColumn("Decile").RightAligned()).AddColumn(new TableColumn("Rows").RightAligned())
            .AddColumn(new TableColumn("Positive").RightAligned()).AddColumn(new TableColumn("Lift").RightAligned())
            .AddColumn(new TableColumn("Captured").RightAligned());
        foreach (var d in evaluation.Lift)
        {
            lift.AddRow(Number(d.Decile), Number(d.Count), d.Rate.ToString("P1", CultureInfo.InvariantCulture),
                d.Lift.ToString("F2", CultureInfo.InvariantCulture), d.CumulativeCapture.ToString("P0", CultureInfo.InvariantCulture));
        }
        console.Write(lift);

        var calibration = new Table().Border(TableBorder.Rounded).Title("Calibration")
            .AddColumn("Predicted").AddColumn(new TableColumn("Rows").RightAligned())
            .AddColumn(new TableColumn("Mean predicted").RightAligned()).AddColumn(new TableColumn("Observed").RightAligned());
        foreach (var bin in evaluation.Calibration.Where(b => b.Count > 0))
        {
            calibration.AddRow($"{bin.Lower:0.0}–{bin.Upper:0.0}", Number(bin.Count), Format(bin.MeanPredicted), Format(bin.ObservedRate));
        }
        console.Write(calibration);

        var importance = new Table().Border(TableBorder.Rounded).Title("What the model leans on")
            .AddColumn("Column").AddColumn(new TableColumn("Share").RightAligned());
        foreach (var f in result.Importance.Where(f => f.Share > 0).Take(10))
        {
            importance.AddRow(Markup.Escape(f.Feature), f.Share.ToString("P1", CultureInfo.InvariantCulture));
        }
        console.Write(importance);
        return 0;
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;

    private static string Format(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "–";

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record JsonRow(double? Auc, double? PrAuc, double LogLoss, int Rows, double TrainSeconds);
}
