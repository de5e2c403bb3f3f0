using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using OpsConsole.Data;

namespace OpsConsole.IntegrationTests.Privacy;

/// <summary>
/// Looks for a value in every text column of every table the model maps (the console's and the identity tables), in
/// plain SQL, so nothing the entity classes hide (shadow columns, conversions) escapes the search.
/// </summary>
public static class DatabaseScan
{
    public sealed record Column(string Table, string Name);

    /// <summary>Every text column of the model, by table.</summary>
    public static IReadOnlyList<Column> TextColumns(OpsDbContext db)
    {
        var columns = new List<Column>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var stored = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
                if (stored == typeof(string) && property.GetColumnName(store) is { } column)
                {
                    columns.Add(new Column(table, column));
                }
            }
        }
        return columns.Distinct().ToList();
    }

    /// <summary>Each row (all columns, as text) of any table in which some text column equals — or, with <paramref name="contains"/>, contains — <paramref name="value"/>.</summary>
    public static async Task<SortedSet<string>> RowsHoldingAsync(OpsDbContext db, string value, bool contains, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        foreach (var column in TextColumns(db))
        {
            await using var command = connection.CreateCommand();
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p";
            parameter.Value = contains ? $"%{value}%" : value;
            command.Parameters.Add(parameter);
            command.CommandText = $"SELECT * FROM {sql.DelimitIdentifier(column.Table)} WHERE {sql.DelimitIdentifier(column.Name)} {(contains ? "LIKE" : "=")} @p";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add($"{column.Table}: {Describe(reader)}");
            }
        }
        return rows;
    }

    /// <summary>The tables named by <see cref="RowsHoldingAsync"/>'s rows.</summary>
    public static SortedSet<string> Tables(IEnumerable<string> rows) => new(rows.Select(r => r[..r.IndexOf(':', StringComparison.Ordinal)]), StringComparer.Ordinal);

    private static string Describe(DbDataReader reader) => string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i =>
        $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : reader.GetValue(i) switch
        {
            byte[] bytes => Convert.ToHexString(bytes),
            DateTime time => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        })}"));
}
