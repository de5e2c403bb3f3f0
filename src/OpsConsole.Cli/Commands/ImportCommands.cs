using System.ComponentModel;
using OpsConsole.Catalog;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

internal sealed class ImportSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>"), Description("An NDJSON (.ndjson, .jsonl, .json) or CSV (.csv, header row) file.")]
    public string File { get; init; } = "";

    [CommandOption("--format <FORMAT>"), Description("ndjson or csv; taken from the file's extension when left out.")]
    public string? Format { get; init; }

    public bool IsCsv => (Format ?? Path.GetExtension(File).TrimStart('.')).Equals("csv", StringComparison.OrdinalIgnoreCase);

    public override ValidationResult Validate() =>
        !System.IO.File.Exists(File) ? ValidationResult.Error($"File not found: {File}")
        : Format is not null and not ("csv" or "ndjson") ? ValidationResult.Error("--format must be ndjson or csv.")
        : ValidationResult.Success();
}

/// <summary>Shared by the three imports: streams the file with a progress bar, then prints a summary and the rejected lines.</summary>
internal abstract class ImportCommand(IAnsiConsole console) : AsyncCommand<ImportSettings>
{
    private const int ChunkRecords = IngestionService.ChunkSize;
    private const int RejectionsShown = 25;

    protected abstract string Noun { get; }

    protected abstract Task<(int Accepted, int Duplicates, IReadOnlyList<Rejection> Rejected)> ImportChunkAsync(IReadOnlyList<IncomingRecord> chunk, string source, CancellationToken ct);

    public override async Task<int> ExecuteAsync(CommandContext context, ImportSettings settings, CancellationToken cancellationToken)
    {
        int accepted = 0, duplicates = 0;
        var rejected = new List<Rejection>();
        var source = $"import:{Path.GetFileName(settings.File)}";
        await using var stream = File.OpenRead(settings.File);
        using var reader = new StreamReader(stream);
        await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Importing {Noun}", maxValue: Math.Max(1, stream.Length));
                var records = settings.IsCsv ? CsvRecords.Read(reader) : BatchReader.ReadNdjson(reader);
                foreach (var chunk in records.Chunk(ChunkRecords))
                {
                    var result = await ImportChunkAsync(chunk, source, cancellationToken);
                    accepted += result.Accepted;
                    duplicates += result.Duplicates;
                    rejected.AddRange(result.Rejected);
                    task.Value = stream.Position;
                }
                task.Value = task.MaxValue;
            });

        console.MarkupLineInterpolated($"[green]{accepted:N0} accepted[/], {duplicates:N0} duplicates, [{(rejected.Count > 0 ? "red" : "green")}]{rejected.Count:N0} rejected[/].");
        if (rejected.Count > 0)
        {
            // Line numbers count from 1 and include the CSV header, so they match what an editor shows.
            var firstLine = settings.IsCsv ? 2 : 1;
            var table = new Table().AddColumns("Line", "Id", "Field", "Reason");
            foreach (var r in rejected.Take(RejectionsShown))
            {
                table.AddRow((r.Index + firstLine).ToString(), Markup.Escape(r.EventId ?? ""), Markup.Escape(r.Field), Markup.Escape(r.Reason));
            }
            console.Write(table);
            if (rejected.Count > RejectionsShown)
            {
                console.MarkupLineInterpolated($"… and {rejected.Count - RejectionsShown:N0} more; all are kept in quarantine with their reasons.");
            }
        }
        return rejected.Count > 0 ? 3 : 0;
    }
}

internal sealed class ImportEventsCommand(IngestionService ingestion, IAnsiConsole console) : ImportCommand(console)
{
    protected override string Noun => "events";

    protected override async Task<(int, int, IReadOnlyList<Rejection>)> ImportChunkAsync(IReadOnlyList<IncomingRecord> chunk, string source, CancellationToken ct)
    {
        var result = await ingestion.IngestAsync(chunk, source, ct);
        return (result.Accepted, result.Duplicates, result.Rejected);
    }
}

internal sealed class ImportLearnersCommand(LearnerRecords learners, IAnsiConsole console) : ImportCommand(console)
{
    protected override string Noun => "learners";

    protected override async Task<(int, int, IReadOnlyList<Rejection>)> ImportChunkAsync(IReadOnlyList<IncomingRecord> chunk, string source, CancellationToken ct)
    {
        var result = await learners.ImportAsync(chunk, source, ct);
        return (result.Accepted, 0, result.Rejected);
    }
}

internal sealed class ImportCatalogCommand(CatalogRecords catalog, IAnsiConsole console) : ImportCommand(console)
{
    protected override string Noun => "catalogue items";

    protected override async Task<(int, int, IReadOnlyList<Rejection>)> ImportChunkAsync(IReadOnlyList<IncomingRecord> chunk, string source, CancellationToken ct)
    {
        var result = await catalog.ImportAsync(chunk, source, ct);
        return (result.Accepted, 0, result.Rejected);
    }
}
