namespace OpsConsole.Access;

/// <summary>A key the platform backend calls the REST API with. Only a hash of the secret is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the key, shown so admins can tell keys apart.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public ApiScopes Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}

[Flags]
public enum ApiScopes
{
    None = 0,
    Ingest = 1,
    Analytics = 2,
    Recommend = 4,
    Tickets = 8,
    Experiments = 16,
}
