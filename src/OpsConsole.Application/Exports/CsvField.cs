namespace OpsConsole.Exports;

/// <summary>One field of a CSV export (RFC 4180 quoting), safe to open in a spreadsheet.</summary>
public static class CsvField
{
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        // A leading =, +, - or @ would run as a formula when the file is opened in a spreadsheet.
        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
