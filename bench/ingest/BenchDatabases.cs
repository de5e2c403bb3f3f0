using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpsConsole.Data;

namespace OpsConsole.Bench.Ingest;

/// <summary>One provider under test: makes fresh databases, counts rows, and runs the provider's own bulk loader.</summary>
public abstract class BenchDatabase
{
    public abstract string Name { get; }
    public abstract DatabaseProvider Provider { get; }

    /// <summary>A new empty database for one measurement, so no run sees another's rows or index pages.</summary>
    public abstract Task<string> CreateAsync(string label);

    public abstract Task<long> CountAsync(string connectionString, string table);

    /// <summary>
    /// Creates a table with the Events columns, loads the CSV into it with the database's own tool in one go and returns the
    /// loader's wall time. Bare: no index at all (the target's yardstick). Indexed: the Events table's key and indexes,
    /// which tells how much of any gap is the schema rather than the code. The loaders cannot write the 16-byte EventKey
    /// from CSV, so the unique index is on the text EventId instead: the same one-random-key-per-row work, on wider keys.
    /// </summary>
    public abstract Task<TimeSpan> RawLoadAsync(string csvPath, string connectionString, bool indexed);

    public abstract string LoaderName { get; }

    protected static async Task<TimeSpan> RunToolAsync(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        var error = (await stderr).Trim();
        if (process.ExitCode != 0 || error.Length > 0)
        {
            throw new InvalidOperationException($"{file} failed (exit {process.ExitCode}): {error} {(await stdout).Trim()}");
        }
        return clock.Elapsed;
    }
}

public sealed class SqliteBenchDatabase(string directory) : BenchDatabase
{
    public override string Name => "SQLite";
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string LoaderName => "sqlite3 .import";

    public override Task<string> CreateAsync(string label)
    {
        var path = Path.Combine(directory, $"{label}.db");
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(f);
        }
        return Task.FromResult($"Data Source={path}");
    }

    public override async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\"";
        var count = (long)(await command.ExecuteScalarAsync())!;
        await connection.CloseAsync();
        SqliteConnection.ClearPool(connection);
        return count;
    }

    public override async Task<TimeSpan> RawLoadAsync(string csvPath, string connectionString, bool indexed)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // Same columns and journal mode as the app's Events table; Seq is the rowid, as there, and nothing else is indexed.
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE "bare" (
                  "Seq" INTEGER NOT NULL PRIMARY KEY, "EventId" TEXT NOT NULL, "LearnerId" TEXT NOT NULL, "Type" TEXT NOT NULL,
                  "OccurredAt" TEXT NOT NULL, "ReceivedAt" TEXT NOT NULL, "ItemId" TEXT NULL, "SessionId" TEXT NULL,
                  "Amount" TEXT NULL, "Currency" TEXT NULL, "Properties" TEXT NULL);
                """ + (indexed ? IndexDdl : "");
            await command.ExecuteNonQueryAsync();
            await connection.CloseAsync();
            SqliteConnection.ClearPool(connection);
        }
        // .import wraps the whole file in one transaction.
        return await RunToolAsync("sqlite3", [path, $".import --csv {csvPath} bare"]);
    }

    private const string IndexDdl = """
        CREATE UNIQUE INDEX "IX_bare_EventId" ON "bare" ("EventId");
        CREATE INDEX "IX_bare_LearnerId_OccurredAt" ON "bare" ("LearnerId", "OccurredAt");
        CREATE INDEX "IX_bare_OccurredAt" ON "bare" ("OccurredAt");
        CREATE INDEX "IX_bare_Type_LearnerId_OccurredAt" ON "bare" ("Type", "LearnerId", "OccurredAt");
        """;
}

public sealed class PostgresBenchDatabase(string serverConnectionString) : BenchDatabase
{
    public override string Name => "PostgreSQL";
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
    public override string LoaderName => "psql \\copy";

    public override async Task<string> CreateAsync(string label)
    {
        var admin = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{label}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{label}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = label }.ConnectionString;
    }

    public override async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override async Task<TimeSpan> RawLoadAsync(string csvPath, string connectionString, bool indexed)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // The Events columns with their types; no primary key, no unique or secondary index.
            await using var command = new NpgsqlCommand("""
                CREATE TABLE "bare" (
                  "Seq" bigint NOT NULL, "EventId" varchar(128) NOT NULL, "LearnerId" varchar(64) NOT NULL, "Type" varchar(32) NOT NULL,
                  "OccurredAt" timestamptz NOT NULL, "ReceivedAt" timestamptz NOT NULL, "ItemId" varchar(64) NULL, "SessionId" varchar(128) NULL,
                  "Amount" numeric(18,2) NULL, "Currency" char(3) NULL, "Properties" varchar(4096) NULL);
                """ + (indexed ? IndexDdl : ""), connection);
            await command.ExecuteNonQueryAsync();
        }
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return await RunToolAsync("psql",
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", b.Host!, "-p", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-U", b.Username!, "-d", b.Database!, "-c", $"\\copy \"bare\" FROM '{csvPath}' WITH (FORMAT csv)"],
            new Dictionary<string, string> { ["PGTZ"] = "UTC" });
    }

    private const string IndexDdl = """
        ALTER TABLE "bare" ADD PRIMARY KEY ("Seq");
        CREATE UNIQUE INDEX ON "bare" ("EventId");
        CREATE INDEX ON "bare" ("LearnerId", "OccurredAt");
        CREATE INDEX ON "bare" ("OccurredAt");
        CREATE INDEX ON "bare" ("Type", "LearnerId", "OccurredAt");
        """;
}
