using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsConsole.Access;
using OpsConsole.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpsConsole.Cli.Commands;

internal sealed class MigrateCommand(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions options, UserAdminService users, ILoggerFactory loggers, IAnsiConsole console)
    : AsyncCommand<EmptyCommandSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, EmptyCommandSettings settings, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            console.MarkupLineInterpolated($"{options.Provider}: {pending.Count} pending migration(s).");
        }
        await DatabaseMigrator.MigrateAsync(contexts, options, loggers.CreateLogger("opsconsole"), cancellationToken);
        await users.EnsureRolesAsync();
        console.MarkupLine("[green]Database is up to date.[/]");
        return 0;
    }
}
