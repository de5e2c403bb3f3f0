namespace OpsConsole.Recommendations;

/// <summary>
/// Recommendation ids: UUID version 7 (RFC 9562), the serving millisecond first so ids sort by when the list was served,
/// as <see cref="Guid.CreateVersion7()"/>'s do, written as 32 lowercase hex digits. The 74 random bits come from the
/// process's fast generator: <see cref="Guid.CreateVersion7()"/> asks the operating system for secure random bytes on
/// every call, which was 2 % of a busy server's CPU, and an id only has to be unique — feedback against it is accepted
/// only from a caller holding an API key.
/// </summary>
public static class RecommendationIds
{
    public static string Next(DateTimeOffset servedAt)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        var ms = servedAt.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(ms >> (8 * (5 - i)));
        }
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return Convert.ToHexStringLower(bytes);
    }
}
