using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Web.Ingestion;

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Largest request body the ingestion endpoints read.</summary>
    [Range(1024, 1L << 31)]
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;
}
