namespace OpsConsole.Support;

internal static class Instants
{
    /// <summary>Times are UTC; values read back from a database often come without a kind, and mean UTC too.</summary>
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
