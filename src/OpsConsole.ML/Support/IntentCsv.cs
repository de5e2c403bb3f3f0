using System.Text;

namespace OpsConsole.Support;

/// <summary>A labelled-text file that cannot be read, with the place and field at fault.</summary>
/// <remarks>Line 0 stands for the file as a whole.</remarks>
public sealed class IntentDataException(string file, int line, string? field, string problem)
    : FormatException($"{file}{(line > 0 ? $", line {line}" : "")}{(field is null ? "" : $", field '{field}'")}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string? Field { get; } = field;
}

/// <summary>
/// Reads labelled texts from CSV with a header naming the columns <c>text</c> and <c>category</c> (in any order,
/// other columns ignored). Fields follow RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
/// </summary>
public static class IntentCsv
{
    public const string TextColumn = "text";
    public const string CategoryColumn = "category";

    public static IReadOnlyList<(string Text, string Intent)> Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IntentDataException(path, 0, null, "a folder, not a CSV file.");
        }
        if (!File.Exists(path))
        {
            throw new IntentDataException(path, 0, null, "no such file.");
        }
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    /// <param name="name">How errors name the source (the file path).</param>
    public static IReadOnlyList<(string Text, string Intent)> Read(TextReader reader, string name)
    {
        var records = Records(reader, name).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new IntentDataException(name, 1, null, $"the file is empty; expected a header line '{TextColumn},{CategoryColumn}'.");
        }
        var (headerLine, header) = records.Current;
        var columns = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var textIndex = Array.FindIndex(columns, c => c.Equals(TextColumn, StringComparison.OrdinalIgnoreCase));
        var categoryIndex = Array.FindIndex(columns, c => c.Equals(CategoryColumn, StringComparison.OrdinalIgnoreCase));
        if (textIndex < 0 || categoryIndex < 0)
        {
            var missing = textIndex < 0 && categoryIndex < 0 ? $"columns '{TextColumn}' and '{CategoryColumn}'" : $"column '{(textIndex < 0 ? TextColumn : CategoryColumn)}'";
            throw new IntentDataException(name, headerLine, null, $"the header has no {missing}; expected a header line '{TextColumn},{CategoryColumn}' but found '{Shorten(string.Join(',', header))}'.");
        }
        var needed = Math.Max(textIndex, categoryIndex) + 1;
        var examples = new List<(string, string)>();
        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields.Count < needed)
            {
                var absent = fields.Count <= textIndex ? TextColumn : CategoryColumn;
                throw new IntentDataException(name, line, absent, $"missing: the line has {fields.Count} field(s) but the header names {columns.Length}.");
            }
            var text = fields[textIndex];
            var category = fields[categoryIndex].Trim();
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new IntentDataException(name, line, TextColumn, "is empty.");
            }
            if (category.Length == 0)
            {
                throw new IntentDataException(name, line, CategoryColumn, "is empty.");
            }
            examples.Add((text, category));
        }
        if (examples.Count == 0)
        {
            throw new IntentDataException(name, headerLine + 1, null, "the file has a header but no examples.");
        }
        return examples;
    }

    /// <summary>Records with the line each starts on; blank lines are skipped.</summary>
    private static IEnumerable<(int Line, List<string> Fields)> Records(TextReader reader, string name)
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
                        throw new IntentDataException(name, start, null, "a quoted field is not closed before the end of the file.");
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
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStart = true;
                    continue;
                }
                else if (c == '"' && fieldStart)
                {
                    quoted = true;
                }
                else
                {
                    field.Append(c);
                }
                fieldStart = false;
            }
            yield return (start, fields);
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
