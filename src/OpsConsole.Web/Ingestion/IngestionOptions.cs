using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Web.Ingestion;

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Largest request body the ingestion endpoints read.</summary>
    [Range(1024, 1L << 31)]
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Requests per second each API key may make (token bucket refill).</summary>
    [Range(1, 100_000)]
    public int RequestsPerSecond { get; set; } = 50;

    /// <summary>Requests a key may burst above its rate.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 100;
}
