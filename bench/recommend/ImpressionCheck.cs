using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OpsConsole.Bench.Recommend;

/// <summary>Impressions stored against the lists the clients were served: every list, every item, nothing more.</summary>
public sealed record ImpressionCheck(long ExpectedLists, long ExpectedRows, long Lists, long Rows, TimeSpan Waited)
{
    public bool Matches => Lists == ExpectedLists && Rows == ExpectedRows;

    /// <summary>Polls the app's database until the batched writer has stored everything served, or the time is up.</summary>
    public static async Task<ImpressionCheck> WaitAsync(string connectionString, long lists, long items, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (storedLists, rows) = await CountAsync(connectionString);
            if ((storedLists == lists && rows == items) || clock.Elapsed > limit)
            {
                return new ImpressionCheck(lists, items, storedLists, rows, clock.Elapsed);
            }
            await Task.Delay(250);
        }
    }

    public static async Task<(long Lists, long Rows)> CountAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT \"RecommendationId\"), count(*) FROM \"RecommendationImpressions\"";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
