using System.Globalization;
using System.Text;

namespace OpsConsole.Retention.Churn;

/// <summary>A CSV file's header and its records, each with the line it starts on.</summary>
public sealed record CsvTable(string Name, IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Records);

public sealed record CsvRecord(int Line, string[] Fields);

/// <summary>
/// Reads comma-separated tables with a header row. Fields follow RFC 4180: a quoted field may hold commas, doubled
/// quotes and line breaks. Blank lines are skipped. A blank field or a lone <c>?</c> is a missing value.
/// </summary>
public static class TabularCsv
{
    public static CsvTable Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new TabularDataException($"{path}: a folder, not a CSV file.");
        }
        if (!File.Exists(path))
        {
            throw new TabularDataException($"{path}: no such file.");
        }
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Read(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TabularDataException($"{path}: cannot be read ({e.Message}).");
        }
    }

    /// <param name="name">How errors name the source (the file path).</param>
    public static CsvTable Read(TextReader reader, string name)
    {
        using var records = Records(reader, name).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new TabularDataException($"{name}: the file is empty; expected a header row naming the columns.");
        }
        var (headerLine, header) = records.Current;
        var names = header.Select((h, i) => h.Trim().TrimStart('\uFEFF').Trim() is { Length: > 0 } n ? n : $"column{i + 1}").ToArray();
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new TabularDataException($"{name}, line {headerLine}: the header names column '{duplicate.Key}' more than once (names are compared without case).");
        }
        var rows = new List<CsvRecord>();
        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields.Length != names.Length)
            {
                throw new TabularDataException($"{name}, line {line}: {fields.Length} field(s), but the header names {names.Length} columns.");
            }
            rows.Add(new CsvRecord(line, fields));
        }
        if (rows.Count == 0)
        {
            throw new TabularDataException($"{name}: the file has a header but no rows.");
        }
        return new CsvTable(name, names, rows);
    }

    public static bool IsMissing(string? field) => field is null || field.Trim() is "" or "?";

    /// <summary>A finite number written with a dot for decimals (1, -2.5, 3e4); anything else is not a number.</summary>
    public static bool TryNumber(string field, out double value) =>
        double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Numeric when every value that is not missing is a number; categorical otherwise. Null when every value is missing.</summary>
    public static bool? IsNumeric(IEnumerable<string> values)
    {
        var any = false;
        foreach (var value in values)
        {
            if (IsMissing(value))
            {
                continue;
            }
            any = true;
            if (!TryNumber(value, out _))
            {
                return false;
            }
        }
        return any ? true : null;
    }

    /// <summary>Records with the line each starts on; blank lines are skipped.</summary>
    private static IEnumerable<(int Line, string[] Fields)> Records(TextReader reader, string name)
    {
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var start = lineNumber;
            var fields = new List<string>();
            var field = new StringBuilder();
            var position = 0;
            var quoted = false;
            var fieldStart = true;
            while (true)
            {
                if (position == line.Length)
                {
                    if (!quoted)
                    {
                        fields.Add(field.ToString());
                        break;
                    }
                    // A quoted field runs on over the line break.
                    if (reader.ReadLine() is not { } next)
                    {
                        throw new TabularDataException($"{name}, line {start}: a quoted field is not closed before the end of the file.");
                    }
                    lineNumber++;
                    field.Append('\n');
                    line = next;
                    position = 0;
                    continue;
                }
                var c = line[position++];
                if (quoted)
                {
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (position < line.Length && line[position] == '"')
                    {
                        field.Append('"');
                        position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                    continue;
                }
                if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStart = true;
                    continue;
                }
                if (c == '"' && fieldStart)
                {
                    // Spaces before an opening quote are padding, not content.
                    field.Clear();
                    quoted = true;
                    fieldStart = false;
                    continue;
                }
                field.Append(c);
                fieldStart &= char.IsWhiteSpace(c);
            }
            yield return (start, [.. fields]);
        }
    }
}
