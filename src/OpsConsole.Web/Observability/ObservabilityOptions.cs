using System.Net;
using OpenTelemetry.Exporter;

namespace OpsConsole.Web.Observability;

public enum LogFormat
{
    /// <summary>One readable line per entry (with its scopes: request, trace and correlation ids).</summary>
    Text,
    /// <summary>One JSON object per line, for log shippers.</summary>
    Json,
}

/// <summary>The <c>Observability</c> section: traces, metrics and logs.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>service.name of every span, metric and log record sent to a collector.</summary>
    public string ServiceName { get; set; } = "opsconsole";

    /// <summary>Share of new traces kept (0 to 1); a request that arrives with a sampled parent follows its parent.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    public LogFormat LogFormat { get; set; } = LogFormat.Text;

    public OtlpSettings Otlp { get; set; } = new();

    public PrometheusSettings Prometheus { get; set; } = new();

    public sealed class OtlpSettings
    {
        /// <summary>Collector address; empty sends nothing (unless OTEL_EXPORTER_OTLP_ENDPOINT is set).</summary>
        public string Endpoint { get; set; } = "";

        public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

        /// <summary>How often the model gauges are re-read from the registries for the collector (seconds).</summary>
        public int ModelRefreshSeconds { get; set; } = 30;
    }

    public sealed class PrometheusSettings
    {
        public bool Enabled { get; set; } = true;

        public string Path { get; set; } = "/metrics";

        /// <summary>
        /// Networks (CIDR) whose addresses may scrape. Null: loopback only. A list replaces that default rather than
        /// adding to it, which is why the default is not written here.
        /// </summary>
        public string[]? AllowedNetworks { get; set; }
    }

    public static readonly IReadOnlyList<string> LoopbackNetworks = ["127.0.0.0/8", "::1/128"];

    /// <summary>The configured collector, from this section or the standard OpenTelemetry variable; null when none is.</summary>
    public Uri? OtlpEndpoint(IConfiguration configuration)
    {
        var endpoint = string.IsNullOrWhiteSpace(Otlp.Endpoint) ? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] : Otlp.Endpoint;
        return string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint, UriKind.Absolute);
    }

    public IReadOnlyList<IPNetwork> ScrapeNetworks() => [.. (Prometheus.AllowedNetworks ?? LoopbackNetworks).Select(n => IPNetwork.Parse(n.Trim()))];

    /// <summary>Every problem, each naming its key, so a bad setting stops start-up with a message rather than at the first request.</summary>
    public IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            errors.Add($"{Section}:{nameof(ServiceName)} must not be empty.");
        }
        if (TraceSampleRatio is < 0 or > 1 || double.IsNaN(TraceSampleRatio))
        {
            errors.Add($"{Section}:{nameof(TraceSampleRatio)} must be between 0 and 1 (got {TraceSampleRatio}).");
        }
        var endpoint = string.IsNullOrWhiteSpace(Otlp.Endpoint) ? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] : Otlp.Endpoint;
        if (!string.IsNullOrWhiteSpace(endpoint) && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{Section}:Otlp:Endpoint '{endpoint}' is not an http(s) address such as http://collector:4317.");
        }
        if (Otlp.ModelRefreshSeconds is < 1 or > 3600)
        {
            errors.Add($"{Section}:Otlp:{nameof(OtlpSettings.ModelRefreshSeconds)} must be between 1 and 3600 (got {Otlp.ModelRefreshSeconds}).");
        }
        if (Prometheus.Enabled && (string.IsNullOrWhiteSpace(Prometheus.Path) || !Prometheus.Path.StartsWith('/') || Prometheus.Path.Length == 1))
        {
            errors.Add($"{Section}:Prometheus:{nameof(PrometheusSettings.Path)} '{Prometheus.Path}' must be a path such as /metrics.");
        }
        if (Prometheus.AllowedNetworks is { Length: 0 })
        {
            errors.Add($"{Section}:Prometheus:{nameof(PrometheusSettings.AllowedNetworks)} is empty: list the scrapers' networks (0.0.0.0/0 and ::/0 for any address), or remove it for loopback only.");
        }
        foreach (var network in Prometheus.AllowedNetworks ?? [])
        {
            if (!IPNetwork.TryParse(network?.Trim(), out _))
            {
                errors.Add($"{Section}:Prometheus:{nameof(PrometheusSettings.AllowedNetworks)} entry '{network}' is not a network such as 10.0.0.0/8 or fd00::/8.");
            }
        }
        return errors;
    }
}
