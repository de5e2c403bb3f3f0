using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace OpsConsole.Bench.Analytics;

public enum SqlDialect { Sqlite, PostgreSql }

/// <summary>What the database's own client printed: the rows of the last run and the time it reported for each run.</summary>
public sealed record ClientResult(IReadOnlyList<string[]> Rows, IReadOnlyList<double> Milliseconds);

/// <summary>
/// Runs a statement through the database's own command-line client: once to warm up, then <c>runs</c> more times in
/// the same session, reading the client's own timer (<c>.timer on</c> / <c>\timing on</c>), so process start-up and
/// connecting are not in the figure.
/// </summary>
public abstract partial class SqlClient
{
    public abstract SqlDialect Dialect { get; }

    public abstract Task<ClientResult> RunAsync(string sql, int runs);

    protected static async Task<string> RunToolAsync(string file, IEnumerable<string> args, string stdin, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var error = (await stderr).Trim();
        if (process.ExitCode != 0 || error.Length > 0)
        {
            throw new BenchFailedException($"{file} failed (exit {process.ExitCode}): {error}");
        }
        return await stdout;
    }

    /// <summary>Splits the output at each timing line; the rows before the last one are the last run's.</summary>
    protected static ClientResult Parse(string output, Regex timing, int expectedRuns, Func<string, string[]> split)
    {
        var times = new List<double>();
        var current = new List<string[]>();
        List<string[]> last = [];
        foreach (var line in output.Split('\n'))
        {
            var text = line.TrimEnd('\r');
            var m = timing.Match(text);
            if (m.Success)
            {
                times.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                last = current;
                current = [];
            }
            else if (text.Length > 0)
            {
                current.Add(split(text));
            }
        }
        if (times.Count != expectedRuns)
        {
            throw new BenchFailedException($"the client reported {times.Count} timings for {expectedRuns} runs:\n{output}");
        }
        // The first run warms caches up, as the in-process side's warm-up call does.
        return new ClientResult(last, times.Skip(1).ToList());
    }

    protected static string Repeat(string sql, int times)
    {
        var statement = sql.Trim().TrimEnd(';') + ";\n";
        var b = new StringBuilder();
        for (var i = 0; i < times; i++)
        {
            b.Append(statement);
        }
        return b.ToString();
    }

    [GeneratedRegex(@"^Run Time: real ([0-9.]+)")]
    protected static partial Regex SqliteTiming();

    [GeneratedRegex(@"^Time: ([0-9.]+) ms")]
    protected static partial Regex PsqlTiming();
}

public sealed class Sqlite3Client(string databasePath) : SqlClient
{
    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override async Task<ClientResult> RunAsync(string sql, int runs)
    {
        // The shell reports seconds; Parse scales them to milliseconds.
        var script = ".headers off\n.mode csv\n.timer on\n" + Repeat(sql, runs + 1);
        var output = await RunToolAsync("sqlite3", [databasePath], script);
        var result = Parse(output, SqliteTiming(), runs + 1, SplitCsv);
        return result with { Milliseconds = result.Milliseconds.Select(s => s * 1000).ToList() };
    }

    private static string[] SplitCsv(string line) => line.Split(',').Select(f => f.Trim('"')).ToArray();
}

public sealed class PsqlClient(string connectionString) : SqlClient
{
    public override SqlDialect Dialect => SqlDialect.PostgreSql;

    public override async Task<ClientResult> RunAsync(string sql, int runs)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var script = "\\timing on\n" + Repeat(sql, runs + 1);
        var output = await RunToolAsync("psql",
            ["-X", "-q", "-A", "-t", "-F", ",", "-v", "ON_ERROR_STOP=1", "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture),
             "-U", b.Username!, "-d", b.Database!, "-f", "-"],
            script, new Dictionary<string, string> { ["PGTZ"] = "UTC", ["PGDATESTYLE"] = "ISO" });
        return Parse(output, PsqlTiming(), runs + 1, line => line.Split(','));
    }
}
