using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.Demo;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

internal sealed class GenerateDemoCommand(
    DemoPlatformGenerator generator, IOptions<DemoOptions> defaults, IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database,
    UserAdminService users, ILoggerFactory loggers, TimeProvider clock, IAnsiConsole console) : AsyncCommand<GenerateDemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--learners <N>"), Description("How many learners (default: Demo:Learners, 5000).")]
        public int? Learners { get; init; }

        [CommandOption("--days <D>"), Description("How many days of history (default: Demo:Days, 180).")]
        public int? Days { get; init; }

        [CommandOption("--seed <S>"), Description("Random seed; the same seed, size and end date give identical data (default: Demo:Seed, 42).")]
        public int? Seed { get; init; }

        [CommandOption("--end-date <DATE>"), Description("Last day covered, yyyy-MM-dd in the platform's zone (UTC+8); default: yesterday.")]
        public string? EndDate { get; init; }

        [CommandOption("--force"), Description("If the database already has learners, first DELETE all learners, events, catalogue, orders, refunds, memberships, tickets and daily rollups. Without it the command refuses to touch such a database.")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            EndDate is not null && !DateOnly.TryParseExact(EndDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? ValidationResult.Error("--end-date must be a date in the form yyyy-MM-dd.")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = defaults.Value;
        var request = new DemoRequest(
            settings.Learners ?? options.Learners,
            settings.Days ?? options.Days,
            settings.Seed ?? options.Seed,
            settings.EndDate is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DemoPlatformGenerator.DefaultEndDate(clock));
        if (DemoOptions.Validate(request.Learners, request.Days) is { } problem)
        {
            console.MarkupLineInterpolated($"[red]Error:[/] {problem}.");
            return 1;
        }

        await DatabaseMigrator.MigrateAsync(contexts, database, loggers.CreateLogger("opsconsole"), cancellationToken);
        await users.EnsureRolesAsync();
        if (await generator.HasLearnersAsync(cancellationToken))
        {
            if (!settings.Force)
            {
                console.MarkupLine("[red]The database already has learners.[/] Use --force to delete the existing platform data and generate the demo in its place.");
                return 1;
            }
            console.MarkupLine("[yellow]Deleting existing learners, events, catalogue, orders, memberships and tickets…[/]");
            await generator.WipeAsync(cancellationToken);
        }

        console.MarkupLineInterpolated(
            $"Generating {request.Learners:N0} learners over {request.Days} days up to {request.EndDate:yyyy-MM-dd} (seed {request.Seed}) into {database.Provider}.");
        DemoSummary? summary = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Demo platform", maxValue: 100);
                var reporter = new InlineProgress<DemoProgress>(p =>
                {
                    task.Description = p.Phase;
                    task.Value = p.Percent;
                });
                summary = await generator.GenerateAsync(request, reporter, cancellationToken);
                task.Value = task.MaxValue;
            });

        var s = summary!;
        var table = new Table().AddColumns("", "Count");
        table.Columns[1].RightAligned();
        table.AddRow("Catalogue items", s.CatalogItems.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("Learners", s.Learners.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("Events", s.Events.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("Orders", s.Orders.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("Refunds", s.Refunds.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("Memberships", s.Memberships.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("Tickets", s.Tickets.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("Seconds", s.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        console.Write(table);
        return 0;
    }

    /// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> would post to the thread pool and could reorder updates.</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
