using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OpsConsole;
using OpsConsole.Analytics;
using OpsConsole.Bench.SupportReports;
using OpsConsole.Data;
using OpsConsole.Support;
using OpsConsole.Support.Reports;

// Times the support reports as the page runs them, in-process, against a plain COUNT over the very rows the report reads,
// measured in the same run on the same database, and checks a few of the report's figures against SQL counts.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
var c = CultureInfo.InvariantCulture;
var endUtc = new DateTime(2026, 11, 23, 16, 0, 0, DateTimeKind.Utc); // midnight in Shanghai
var results = new List<Result>();
var failed = false;
foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql }
             .Where(p => options.Providers.Contains(p.ToString(), StringComparer.OrdinalIgnoreCase)))
{
    string connectionString;
    if (provider == DatabaseProvider.Sqlite)
    {
        Directory.CreateDirectory(options.WorkDirectory);
        var file = Path.Combine(options.WorkDirectory, "support-bench.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }
        connectionString = $"Data Source={file}";
    }
    else if (options.PostgresConnectionString is { } server)
    {
        connectionString = await FreshPostgresAsync(server, "support_bench");
    }
    else
    {
        Console.WriteLine("No --postgres connection string: PostgreSQL is skipped.");
        continue;
    }

    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = provider.ToString(),
        ["ConnectionStrings:OpsConsole"] = connectionString,
        ["Platform:TimeZone"] = "Asia/Shanghai",
    }).Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddOpsData(configuration);
    services.AddSingleton(configuration);
    services.AddSingleton<IConfiguration>(configuration);
    services.AddSingleton<TimeProvider>(new FixedClock(endUtc));
    services.AddAnalytics(configuration);
    services.AddSupportReportQueries();
    await using var provided = services.BuildServiceProvider();
    var contexts = provided.GetRequiredService<IDbContextFactory<OpsDbContext>>();
    await DatabaseMigrator.MigrateAsync(contexts, provided.GetRequiredService<DatabaseOptions>(), NullLogger.Instance);

    var generator = new TicketGenerator(options.Tickets, options.Days, options.Seed, endUtc);
    var clock = Stopwatch.StartNew();
    await LoadAsync(contexts, generator);
    await SettleAsync(provider, connectionString);
    Console.WriteLine(string.Create(c, $"{provider}: {options.Tickets:N0} tickets over {options.Days} days, {TicketGenerator.Learners:N0} learners, {TicketGenerator.Agents} agents written in {clock.Elapsed.TotalSeconds:F0} s; load average {LoadAverage()}."));

    var query = provided.GetRequiredService<SupportReportQuery>();
    var time = provided.GetRequiredService<PlatformTime>();
    var lastDay = time.DayOf(endUtc.AddTicks(-1));
    var last30 = DayRange.Ending(lastDay, 30);
    var window = DayRange.Ending(lastDay, options.Days);
    var cases = new (string Name, SupportReportRequest Request)[]
    {
        ("report, last 30 days by day", new(last30, CalendarPeriod.Day)),
        ($"report, {options.Days} days by week", new(window, CalendarPeriod.Week)),
        ("report, 30 days, channel=app", new(last30, CalendarPeriod.Day, new SupportReportFilter(Channel: "app"))),
    };
    foreach (var (name, request) in cases)
    {
        var first = await query.RunAsync(request);
        failed |= !await AgreesAsync(contexts, time, request, first, provider, name);
        var cpu = new List<double>();
        var ours = await TimeAsync(options.Runs, () => query.RunAsync(request), cpu);
        var rows = 0;
        var baseline = await TimeAsync(options.Runs, async () => rows = await query.CountTicketsReadAsync(request));
        results.Add(new Result(provider.ToString(), name, rows, ours, baseline, cpu));
        Console.WriteLine(string.Create(c, $"  {name}: {rows:N0} rows read; ours {Join(ours)} ms (CPU {Join(cpu)} ms); COUNT {Join(baseline)} ms"));
    }
    {
        var (start, end) = time.ToUtc(last30);
        var from = time.StartOfDayUtc(last30.Previous().From);
        await query.SatisfactionAsync(last30);
        var cpu = new List<double>();
        var ours = await TimeAsync(options.Runs, () => query.SatisfactionAsync(last30), cpu);
        var rows = 0;
        var baseline = await TimeAsync(options.Runs, async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            rows = await db.Tickets.CountAsync(t => t.CsatRating != null && t.CsatRatedAt >= from && t.CsatRatedAt < end);
        });
        results.Add(new Result(provider.ToString(), "satisfaction card, 30 days", rows, ours, baseline, cpu));
        Console.WriteLine(string.Create(c, $"  satisfaction card: {rows:N0} rows read; ours {Join(ours)} ms; COUNT {Join(baseline)} ms"));
    }
    if (provider == DatabaseProvider.Sqlite)
    {
        SqliteConnection.ClearAllPools();
    }
    else
    {
        NpgsqlConnection.ClearAllPools();
    }
}

Console.WriteLine();
Console.WriteLine(string.Create(c, $"{options.Tickets:N0} tickets over {options.Days} days; median of {options.Runs} runs after one warm-up; {Environment.ProcessorCount} CPU cores visible, load average {LoadAverage()}."));
// CPU is this process's: for SQLite the database engine's work too, for PostgreSQL only the reading and measuring.
Console.WriteLine($"{"provider",-10} | {"query",-30} | {"rows read",9} | {"ours ms",8} | {"ours CPU ms",11} | {"COUNT ms",8} | {"ratio",7}");
Console.WriteLine($"{new string('-', 10)}-|-{new string('-', 30)}-|-{new string('-', 9)}-|-{new string('-', 8)}-|-{new string('-', 11)}-|-{new string('-', 8)}-|-{new string('-', 7)}");
foreach (var r in results)
{
    Console.WriteLine(string.Create(c,
        $"{r.Provider,-10} | {r.Query,-30} | {r.Rows,9:N0} | {Median(r.Ours),8:F0} | {Median(r.Cpu),11:F0} | {Median(r.Baseline),8:F1} | {Median(r.Ours) / Median(r.Baseline),6:F1}x"));
}
if (failed)
{
    Console.Error.WriteLine("!!! BENCHMARK FAILED: the report disagrees with a SQL count (see MISMATCH above). !!!");
    return 1;
}
return 0;

static async Task LoadAsync(IDbContextFactory<OpsDbContext> contexts, TicketGenerator generator)
{
    await using (var db = await contexts.CreateDbContextAsync())
    {
        db.SupportAgents.AddRange(generator.AgentRows());
        foreach (var (learner, profile) in generator.LearnerRows())
        {
            db.Learners.Add(learner);
            db.Profiles.Add(profile);
        }
        await db.SaveChangesAsync();
    }
    foreach (var chunk in generator.TicketRows().Chunk(5_000))
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.Tickets.AddRange(chunk.Select(x => x.Ticket));
        await db.SaveChangesAsync();
        db.TicketMessages.AddRange(chunk.SelectMany(x => x.Messages.Select(m => new TicketMessage
        {
            TicketId = x.Ticket.Id, Kind = m.Kind, Body = "reply", CreatedAt = m.At,
            AuthorId = m.Kind == MessageKind.Agent ? x.Ticket.AssigneeId : null,
        })));
        await db.SaveChangesAsync();
    }
}

static async Task SettleAsync(DatabaseProvider provider, string connectionString)
{
    if (provider == DatabaseProvider.Sqlite)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync();
    }
    else
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}

static async Task<string> FreshPostgresAsync(string server, string name)
{
    var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
    await using (var connection = new NpgsqlConnection(admin.ConnectionString))
    {
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }
    return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
}

// Figures a SQL count gives directly: tickets created in the range, and the open backlog now.
// (The benchmark's requests filter by channel at most.)
static async Task<bool> AgreesAsync(IDbContextFactory<OpsDbContext> contexts, PlatformTime time, SupportReportRequest request, SupportReport report,
    DatabaseProvider provider, string name)
{
    var (start, end) = time.ToUtc(request.Range);
    var channel = request.Filters.Channel;
    await using var db = await contexts.CreateDbContextAsync();
    var created = await db.Tickets.CountAsync(t => t.CreatedAt >= start && t.CreatedAt < end && (channel == null || t.Channel == channel));
    var open = await db.Tickets.CountAsync(t => (t.Status == TicketStatus.New || t.Status == TicketStatus.Assigned || t.Status == TicketStatus.Pending)
        && (channel == null || t.Channel == channel));
    var agrees = created == report.TicketsCreated && open == report.Backlog.Total && report.Periods.Sum(p => p.IntentCounts.Sum()) == created;
    if (!agrees)
    {
        Console.WriteLine($"  *** MISMATCH: {provider}, {name}: created {report.TicketsCreated} vs {created}, backlog {report.Backlog.Total} vs {open}. ***");
    }
    return agrees;
}

static async Task<List<double>> TimeAsync(int runs, Func<Task> run, List<double>? cpu = null)
{
    var times = new List<double>();
    using var process = Process.GetCurrentProcess();
    for (var i = 0; i < runs; i++)
    {
        process.Refresh();
        var before = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await run();
        times.Add(clock.Elapsed.TotalMilliseconds);
        process.Refresh();
        cpu?.Add((process.TotalProcessorTime - before).TotalMilliseconds);
    }
    return times;
}

static double Median(IReadOnlyList<double> values)
{
    var sorted = values.Order().ToList();
    var mid = sorted.Count / 2;
    return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

static string Join(IEnumerable<double> ms) => string.Join(", ", ms.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)));

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record Result(string Provider, string Query, int Rows, IReadOnlyList<double> Ours, IReadOnlyList<double> Baseline, IReadOnlyList<double> Cpu);

internal sealed class FixedClock(DateTime utc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
}

internal sealed record BenchOptions(int Tickets, int Days, int Seed, int Runs, string WorkDirectory, string? PostgresConnectionString, IReadOnlyList<string> Providers)
{
    public const string Usage = """
        usage: OpsConsole.Bench.SupportReports --work DIR [--postgres CONNSTR]
               [--tickets 100000] [--days 180] [--seed 42] [--runs 5] [--providers sqlite,postgresql]
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }
            values[args[i][2..]] = args[i + 1];
        }
        if (!values.TryGetValue("work", out var work))
        {
            return null;
        }
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(Int("tickets", 100_000), Int("days", 180), Int("seed", 42), Int("runs", 5), Path.GetFullPath(work),
            values.GetValueOrDefault("postgres"),
            values.GetValueOrDefault("providers", "sqlite,postgresql").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
