using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using OpsConsole.Retention.Experiments.Stats;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

/// <summary>
/// Compares two conversion rates from the command line: absolute difference (treatment − control) with its
/// two-sided unpooled z interval, p-value and chance to win. Needs no database.
/// </summary>
internal sealed class ProportionsStatsCommand(IAnsiConsole console) : AsyncCommand<ProportionsStatsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--control <UNITS:CONVERSIONS>"), Description("Control arm: units exposed and how many converted, e.g. 1000:100.")]
        public string? Control { get; init; }

        [CommandOption("--treatment <UNITS:CONVERSIONS>"), Description("Treatment arm, in the same form.")]
        public string? Treatment { get; init; }

        [CommandOption("--alpha <ALPHA>"), Description("Significance level of the interval, strictly between 0 and 1 (default 0.05).")]
        public string? Alpha { get; init; }

        [CommandOption("--json"), Description("Print one JSON object (p_value, ci_low, ci_high, lift, chance_to_win) instead of a table.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            var problem = StatsArguments.Arm("--control", Control, out _)
                ?? StatsArguments.Arm("--treatment", Treatment, out _)
                ?? StatsArguments.Alpha(Alpha, out _);
            return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        StatsArguments.Arm("--control", settings.Control, out var control);
        StatsArguments.Arm("--treatment", settings.Treatment, out var treatment);
        StatsArguments.Alpha(settings.Alpha, out var alpha);
        var result = ProportionTest.Compare(control.Units, control.Conversions, treatment.Units, treatment.Conversions, alpha);

        if (settings.Json)
        {
            var row = new JsonRow(result.PValue, result.CiLow, result.CiHigh, result.Difference, result.ChanceToWin);
            // Written raw rather than as console text, which would wrap long lines and break the JSON.
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(row, StatsArguments.JsonOptions));
            return Task.FromResult(0);
        }

        var arms = new Table().Border(TableBorder.Rounded)
            .AddColumn("Arm")
            .AddColumn(new TableColumn("Units").RightAligned())
            .AddColumn(new TableColumn("Conversions").RightAligned())
            .AddColumn(new TableColumn("Rate").RightAligned());
        arms.AddRow("control", Count(control.Units), Count(control.Conversions), Percent(result.ControlRate));
        arms.AddRow("treatment", Count(treatment.Units), Count(treatment.Conversions), Percent(result.TreatmentRate));
        console.Write(arms);

        var level = (1 - alpha).ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);
        var summary = new Table().Border(TableBorder.Rounded)
            .AddColumn("Treatment − control")
            .AddColumn(new TableColumn("Value").RightAligned());
        summary.AddRow("Difference (lift)", Points(result.Difference));
        summary.AddRow($"{level} interval", $"{Points(result.CiLow)} to {Points(result.CiHigh)}");
        summary.AddRow("Relative lift", result.RelativeLift is { } relative ? relative.ToString("+0.00%;-0.00%;0.00%", CultureInfo.InvariantCulture) : "n/a");
        summary.AddRow("p-value", result.PValue.ToString("G4", CultureInfo.InvariantCulture));
        summary.AddRow("Chance to win", result.ChanceToWin.ToString("P1", CultureInfo.InvariantCulture));
        console.Write(summary);
        console.MarkupLine(result.PValue < alpha
            ? (result.Difference > 0 ? "[green]The treatment converts better.[/]" : "[red]The treatment converts worse.[/]")
            : "[grey]No significant difference at this level.[/]");
        return Task.FromResult(0);
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double value) => value.ToString("P2", CultureInfo.InvariantCulture);

    /// <summary>A difference of rates in percentage points.</summary>
    private static string Points(double value) => (100 * value).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) + " pp";

    private sealed record JsonRow(double PValue, double CiLow, double CiHigh, double Lift, double ChanceToWin);
}

/// <summary>
/// Sample ratio mismatch check from the command line: χ² goodness of fit of the units per arm against the planned
/// split. Needs no database.
/// </summary>
internal sealed class SrmStatsCommand(IAnsiConsole console) : AsyncCommand<SrmStatsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--counts <A,B,...>"), Description("Units per arm, control first, comma-separated (at least two arms).")]
        public string? Counts { get; init; }

        [CommandOption("--weights <W1,W2,...>"), Description("Planned split, one positive weight per arm; normalised (default equal).")]
        public string? Weights { get; init; }

        [CommandOption("--json"), Description("Print one JSON object (p_value) instead of a table.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            var problem = StatsArguments.Counts(Counts, out var counts)
                ?? StatsArguments.Weights(Weights, counts.Length, out _);
            return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        StatsArguments.Counts(settings.Counts, out var counts);
        StatsArguments.Weights(settings.Weights, counts.Length, out var weights);
        var result = SampleRatioMismatch.Check(counts, weights);

        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new JsonRow(result.PValue), StatsArguments.JsonOptions));
            return Task.FromResult(0);
        }

        var total = counts.Sum();
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Arm")
            .AddColumn(new TableColumn("Units").RightAligned())
            .AddColumn(new TableColumn("Share").RightAligned())
            .AddColumn(new TableColumn("Expected").RightAligned())
            .AddColumn(new TableColumn("Expected share").RightAligned());
        for (var i = 0; i < counts.Length; i++)
        {
            table.AddRow(
                i == 0 ? "control" : $"variant {i}",
                counts[i].ToString("N0", CultureInfo.InvariantCulture),
                ((double)counts[i] / total).ToString("P2", CultureInfo.InvariantCulture),
                result.ExpectedCounts[i].ToString("N1", CultureInfo.InvariantCulture),
                (result.ExpectedCounts[i] / total).ToString("P2", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        console.MarkupLineInterpolated(
            $"χ² = {result.ChiSquare.ToString("F4", CultureInfo.InvariantCulture)} on {result.DegreesOfFreedom} degree(s) of freedom, p = {result.PValue.ToString("G4", CultureInfo.InvariantCulture)}");
        console.MarkupLine(result.Mismatch
            ? "[red]Sample ratio mismatch:[/] the split is too far from the plan to be chance (p < 0.001). Check assignment and logging before reading any result."
            : "[green]No sample ratio mismatch.[/]");
        return Task.FromResult(0);
    }

    private sealed record JsonRow(double PValue);
}

/// <summary>Parses the stats commands' options, each message naming the option it rejects.</summary>
internal static class StatsArguments
{
    public static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string? Arm(string option, string? text, out (long Units, long Conversions) arm)
    {
        arm = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"{option} is required, as UNITS:CONVERSIONS (e.g. 1000:100).";
        }
        var parts = text.Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var units)
            || !long.TryParse(parts[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var conversions))
        {
            return $"{option} must be UNITS:CONVERSIONS with whole numbers, e.g. 1000:100 (got '{text}').";
        }
        if (units <= 0)
        {
            return $"{option}: the number of units must be positive (got {units}).";
        }
        if (conversions < 0 || conversions > units)
        {
            return $"{option}: conversions must lie between 0 and the {units} units (got {conversions}).";
        }
        arm = (units, conversions);
        return null;
    }

    public static string? Alpha(string? text, out double alpha)
    {
        alpha = 0.05;
        if (text is null)
        {
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out alpha) || !(alpha > 0 && alpha < 1))
        {
            alpha = 0.05;
            return $"--alpha must be a number strictly between 0 and 1, e.g. 0.05 (got '{text}').";
        }
        return null;
    }

    public static string? Counts(string? text, out long[] counts)
    {
        counts = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return "--counts is required: units per arm, comma-separated, e.g. 5000,5100.";
        }
        var parts = text.Split(',');
        var parsed = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out parsed[i]) || parsed[i] < 0)
            {
                return $"--counts must be whole numbers of units, not negative, comma-separated (got '{parts[i].Trim()}' in '{text}').";
            }
        }
        if (parsed.Length < 2)
        {
            return $"--counts needs at least two arms (got '{text}').";
        }
        if (parsed.Sum() == 0)
        {
            return "--counts: every arm is empty; there is nothing to check.";
        }
        counts = parsed;
        return null;
    }

    public static string? Weights(string? text, int arms, out double[]? weights)
    {
        weights = null;
        if (text is null)
        {
            return null;
        }
        var parts = text.Split(',');
        var parsed = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out parsed[i]) || !double.IsFinite(parsed[i]) || parsed[i] <= 0)
            {
                return $"--weights must be positive numbers, comma-separated (got '{parts[i].Trim()}' in '{text}').";
            }
        }
        if (arms > 0 && parsed.Length != arms)
        {
            return $"--weights needs one weight per arm: {arms} counts but {parsed.Length} weights.";
        }
        weights = parsed;
        return null;
    }
}
