using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Access;

/// <summary>
/// Creates, lists, revokes and checks API keys. The secret is shown once; only its SHA-256 is kept.
/// A key found active is trusted for <see cref="RecheckAfter"/> before the database is asked again, so a busy caller
/// does not cost a query per request; revoking through this instance takes effect at once, elsewhere within that time.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<OpsDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(10);

    private const string KeyPrefix = "ops_";
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (ApiKey Key, long CheckedAt)> _active = new(StringComparer.Ordinal);
    private long _revocations;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public async Task<CreatedApiKey> CreateAsync(string name, ApiScopes scopes, string? createdBy, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128)
        {
            throw new ArgumentException("A key needs a name of 1 to 128 characters.", nameof(name));
        }
        if (scopes == ApiScopes.None)
        {
            throw new ArgumentException("A key needs at least one scope.", nameof(scopes));
        }
        var secret = KeyPrefix + RandomNumberGenerator.GetString(Alphabet, 40);
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            Prefix = secret[..12],
            Hash = Hash(secret),
            Scopes = scopes,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = createdBy,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(key.Id, key.Name, key.Prefix, key.Scopes, secret);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderByDescending(k => k.CreatedAt).ToList();
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FindAsync([id], cancellationToken);
        if (key is null || key.RevokedAt is not null)
        {
            return false;
        }
        key.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        Interlocked.Increment(ref _revocations);
        _active.TryRemove(key.Hash, out _);
        return true;
    }

    /// <summary>Finds the active key for a presented secret, or null when it is unknown or revoked.</summary>
    public async Task<ApiKey?> FindActiveAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 200)
        {
            return null;
        }
        var hash = Hash(presented);
        var now = clock.GetUtcNow().UtcDateTime;
        if (_active.TryGetValue(hash, out var known) && clock.GetElapsedTime(known.CheckedAt) < RecheckAfter
            && known.Key.LastUsedAt is { } lastUsed && now - lastUsed <= LastUsedPrecision)
        {
            return known.Key;
        }
        var checkedAt = clock.GetTimestamp();
        var revocations = Interlocked.Read(ref _revocations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        if (key is not { RevokedAt: null })
        {
            _active.TryRemove(hash, out _);
            return null;
        }
        // Admins see when a key was last used; a minute's precision spares a write on every request.
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedPrecision)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), cancellationToken);
            key.LastUsedAt = now;
        }
        // A revocation that ran while this lookup was in flight may have read the key before it was revoked: trust it no further.
        if (Interlocked.Read(ref _revocations) == revocations)
        {
            _active[hash] = (key, checkedAt);
        }
        return key;
    }

    public static ApiScopes ParseScopes(string text)
    {
        var scopes = ApiScopes.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<ApiScopes>(part, ignoreCase: true, out var scope) || scope == ApiScopes.None || !Enum.IsDefined(scope))
            {
                throw new ArgumentException($"Unknown scope '{part}'. Scopes: ingest, analytics, recommend, tickets, experiments.");
            }
            scopes |= scope;
        }
        return scopes;
    }

    public static string FormatScopes(ApiScopes scopes) =>
        string.Join(',', Enum.GetValues<ApiScopes>().Where(s => s != ApiScopes.None && scopes.HasFlag(s)).Select(s => s.ToString().ToLowerInvariant()));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

public sealed record CreatedApiKey(Guid Id, string Name, string Prefix, ApiScopes Scopes, string Secret);
