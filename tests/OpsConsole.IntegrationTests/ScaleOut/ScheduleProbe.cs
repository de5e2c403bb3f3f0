using Hangfire.Server;
using Npgsql;
using OpsConsole.Data;

namespace OpsConsole.IntegrationTests.ScaleOut;

/// <summary>
/// A recurring job of the tests' own: each run writes down which scheduled occurrence it is and on which instance it
/// ran, in a table of the shared database, so the test can count runs per occurrence across instances.
/// </summary>
public sealed class ScheduleProbe(InstanceName instance, DatabaseOptions database)
{
    public const string RecurringJobId = "scale-out-probe";
    public const string Table = "scale_out_probe_runs";

    public static async Task CreateTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {Table} (job_id text NOT NULL, occurrence bigint NOT NULL, instance text NOT NULL, ran_at timestamptz NOT NULL DEFAULT now())",
            connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<IReadOnlyList<(string JobId, long Occurrence, string Instance)>> RunsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT job_id, occurrence, instance FROM {Table} ORDER BY occurrence", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<(string, long, string)>();
        while (await reader.ReadAsync())
        {
            runs.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        }
        return runs;
    }

    /// <summary>Hangfire stamps each job it creates for a recurring schedule with the occurrence's time ("Time", Unix seconds).</summary>
    public async Task RecordAsync(PerformContext? context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var occurrence = long.Parse(context.Connection.GetJobParameter(context.BackgroundJob.Id, "Time").Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"INSERT INTO {Table} (job_id, occurrence, instance) VALUES (@job, @occurrence, @instance)", connection);
        command.Parameters.AddWithValue("job", context.BackgroundJob.Id);
        command.Parameters.AddWithValue("occurrence", occurrence);
        command.Parameters.AddWithValue("instance", instance.Name);
        await command.ExecuteNonQueryAsync();
    }
}
