using System.Security.Cryptography;
using System.Text;

namespace OpsConsole.Ingestion;

/// <summary>
/// The fixed-width key the store's idempotency index is built on. A 16-byte key makes that index less than half the
/// size of one on the senders' text ids, and every insert pays for that index's size.
/// <list type="bullet">
/// <item>An id in canonical RFC 4122 form (lower-case, variant bits 10, as the platform's own UUIDs are) is its own key.</item>
/// <item>Any other id is keyed by the first 16 bytes of SHA-256 over its UTF-8, read as a <see cref="Guid"/> in .NET's
/// byte order, with the variant's top bit cleared: such a key can never equal an RFC 4122 UUID, and a 127-bit
/// cryptographic digest does not collide in practice, even for crafted ids.</item>
/// </list>
/// The definition is persisted: stored keys (and the migration that back-filled them) depend on it never changing.
/// </summary>
public static class EventKeys
{
    public static Guid For(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        if (IsCanonicalRfc4122(eventId))
        {
            return Guid.ParseExact(eventId, "D");
        }
        var max = Encoding.UTF8.GetMaxByteCount(eventId.Length);
        Span<byte> utf8 = max <= 1024 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(eventId, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], digest);
        digest[8] &= 0x7F;
        return new Guid(digest[..16]);
    }

    /// <summary>xxxxxxxx-xxxx-xxxx-Nxxx-xxxxxxxxxxxx in lower-case hex with N one of 8, 9, a, b.</summary>
    private static bool IsCanonicalRfc4122(string id)
    {
        if (id.Length != 36)
        {
            return false;
        }
        for (var i = 0; i < 36; i++)
        {
            var c = id[i];
            if (i is 8 or 13 or 18 or 23)
            {
                if (c != '-') return false;
            }
            else if (!char.IsAsciiDigit(c) && c is < 'a' or > 'f')
            {
                return false;
            }
        }
        return id[19] is '8' or '9' or 'a' or 'b';
    }
}
