using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using OpsConsole.Recommendations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

/// <summary>
/// The public yardstick of the recommendation engine: trains generators on a MovieLens ratings file and prints
/// top-K ranking metrics comparable with published benchmarks.
/// </summary>
internal sealed class EvaluateRecsCommand(IAnsiConsole console) : AsyncCommand<EvaluateRecsCommand.Settings>
{
    private const string All = "all";

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--ratings <PATH>"), Description("MovieLens ratings: u.data (tab-separated, no header), ratings.csv (header userId,movieId,rating,timestamp) or ratings.dat; the layout is read from the content.")]
        public string? Ratings { get; init; }

        [CommandOption("--algorithm <NAME>"), Description("ease, itemknn, sequence, popularity or all (default: all).")]
        public string Algorithm { get; init; } = All;

        /// <remarks>Spoken as <c>--k</c> too: <see cref="CliExtensions.NormaliseArguments"/> rewrites it, since the parser rejects one-letter long names.</remarks>
        [CommandOption("-k|--top <K>"), Description("Cut-off of the ranking metrics; --k works too (default: 10).")]
        public int K { get; init; } = 10;

        [CommandOption("--ratio <R>"), Description("Share of each item's ratings that go to training, the rest to test (default: 0.75).")]
        public double Ratio { get; init; } = 0.75;

        [CommandOption("--seed <S>"), Description("Seed of the split; the same file and seed give the same split (default: 42).")]
        public int Seed { get; init; } = 42;

        [CommandOption("--split <BY>"), Description("item (default): each item's ratings are split by the ratio; user: each user's, as microsoft/recommenders splits by default.")]
        public string Split { get; init; } = "item";

        [CommandOption("--json"), Description("Print a JSON array (algorithm, k, map, ndcg, precision, recall, train_seconds) instead of a table.")]
        public bool Json { get; init; }

        public IReadOnlyList<string> Algorithms =>
            Algorithm.Trim().Equals(All, StringComparison.OrdinalIgnoreCase) ? Yardstick.DefaultAlgorithms : [Algorithm.Trim().ToLowerInvariant()];

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Ratings) ? ValidationResult.Error("--ratings is required.")
            : !Algorithms.All(Yardstick.DefaultAlgorithms.Contains) ? ValidationResult.Error($"--algorithm must be one of {string.Join(", ", Yardstick.DefaultAlgorithms)} or {All}.")
            : K < 1 ? ValidationResult.Error("--k must be at least 1.")
            : !(Ratio > 0 && Ratio < 1) ? ValidationResult.Error("--ratio must lie strictly between 0 and 1.")
            : Split.Trim().ToLowerInvariant() is not ("item" or "user") ? ValidationResult.Error("--split must be item or user.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RatingsData data;
        try
        {
            data = RatingsFile.Read(settings.Ratings!);
        }
        catch (Exception ex) when (ex is RatingsFormatException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]Error:[/] {ex.Message}");
            return 1;
        }
        if (!settings.Json)
        {
            console.MarkupLineInterpolated(
                $"{data.Ratings.Count:N0} ratings by {data.UserIds.Count:N0} users of {data.ItemIds.Count:N0} items; each {settings.Split.Trim().ToLowerInvariant()}'s ratings split {Percent(settings.Ratio)} train / {Percent(1 - settings.Ratio)} test (seed {settings.Seed}).");
        }

        var results = await Task.Run(() => Yardstick.Run(
            data, settings.Algorithms, settings.K, settings.Ratio, settings.Seed, split: Enum.Parse<YardstickSplit>(settings.Split.Trim(), ignoreCase: true), cancellationToken: cancellationToken), cancellationToken);

        if (settings.Json)
        {
            var rows = results.Select(r => new JsonRow(r.Algorithm, r.K, r.Map, r.Ndcg, r.Precision, r.Recall, Math.Round(r.TrainSeconds, 3)));
            // Written raw rather than as console text, which would wrap long lines and break the JSON.
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(rows, JsonOptions));
            return 0;
        }

        var k = settings.K.ToString(CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Algorithm")
            .AddColumn(new TableColumn($"MAP@{k}").RightAligned())
            .AddColumn(new TableColumn($"NDCG@{k}").RightAligned())
            .AddColumn(new TableColumn($"Precision@{k}").RightAligned())
            .AddColumn(new TableColumn($"Recall@{k}").RightAligned())
            .AddColumn(new TableColumn("Train (s)").RightAligned());
        foreach (var r in results)
        {
            table.AddRow(r.Algorithm, Format(r.Map), Format(r.Ndcg), Format(r.Precision), Format(r.Recall), r.TrainSeconds.ToString("F2", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        return 0;
    }

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Format(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private sealed record JsonRow(string Algorithm, int K, double Map, double Ndcg, double Precision, double Recall, double TrainSeconds);
}
