using System.Diagnostics.Metrics;
using System.Net;
using System.Reflection;
using Hangfire;
using Hangfire.Common;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OpsConsole.Telemetry;

namespace OpsConsole.Web.Observability;

/// <summary>
/// Traces, metrics and logs in one place: OpenTelemetry for the framework (requests, queries, outgoing calls,
/// runtime) and the console's own source and meter, a Prometheus scrape endpoint, an OTLP exporter only when a
/// collector is configured, and a correlation id on every request's logs and response.
/// </summary>
public static class ObservabilitySetup
{
    /// <summary>Framework meters worth scraping besides those the ASP.NET Core instrumentation adds.</summary>
    private static readonly string[] FrameworkMeters =
    [
        "System.Runtime", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore.Components.Server.Circuits", "Microsoft.AspNetCore.Http.Connections",
    ];

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        if (options.Validate(builder.Configuration) is { Count: > 0 } errors)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }
        builder.Services.AddSingleton(options);
        var collector = options.OtlpEndpoint(builder.Configuration);

        AddLogs(builder, options);
        builder.Services.AddOpsMetrics();
        builder.Services.AddSingleton<IStartupFilter, CorrelationIdStartupFilter>();
        builder.Services.Configure<ProblemDetailsOptions>(o =>
        {
            var earlier = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                AddIds(context.HttpContext, context.ProblemDetails.Extensions);
            };
        });
        AddJobFilter(builder.Services);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName,
                serviceVersion: typeof(ObservabilitySetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                .AddSource(OpsTelemetry.Name, "Microsoft.AspNetCore.SignalR.Server")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path, options))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OpsTelemetry.Name).AddMeter(FrameworkMeters).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                // A meter listener hears every meter of the process by name; this host reports only the meters of its own
                // factory (and the process-wide ones), never those of another host in the same process.
                (metrics as IDeferredMeterProviderBuilder)?.Configure((services, provider) =>
                {
                    var own = services.GetRequiredService<IMeterFactory>();
                    provider.AddView(i => i.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null);
                });
                if (options.Prometheus.Enabled)
                {
                    // Every scrape collects afresh: the exporter's default 300 ms response cache would hand a scrape right
                    // after a change (a model promoted, a batch ingested) the figures from before it. Scrapers come every
                    // few seconds at most, so collecting each time costs little.
                    metrics.AddPrometheusExporter(o =>
                    {
                        o.ScrapeEndpointPath = options.Prometheus.Path;
                        o.ScrapeResponseCacheDurationMilliseconds = 0;
                    });
                }
            });
        if (collector is not null)
        {
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
            telemetry.UseOtlpExporter(options.Otlp.Protocol, collector);
            builder.Services.AddHostedService<ServingModelRefresher>();
        }
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, outside the console's sign-in and reachable only from the configured networks.</summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ObservabilityOptions>();
        if (!options.Prometheus.Enabled)
        {
            return app;
        }
        var networks = options.ScrapeNetworks();
        app.MapPrometheusScrapingEndpoint(options.Prometheus.Path, meterProvider: null, configureBranchedPipeline: branch =>
            {
                branch.Use(async (context, next) =>
                {
                    if (!IsAllowed(context.Connection.RemoteIpAddress, networks))
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return;
                    }
                    await RefreshModelsAsync(context);
                    await next(context);
                });
            }, optionsName: null)
            .AllowAnonymous()
            .DisableRateLimiting();
        return app;
    }

    internal static bool IsAllowed(IPAddress? address, IReadOnlyList<IPNetwork> networks)
    {
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return networks.Any(n => n.Contains(address));
    }

    private static async Task RefreshModelsAsync(HttpContext context)
    {
        try
        {
            await context.RequestServices.GetRequiredService<ServingModelReader>().RefreshAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The rest of the metrics matter most when the database is what fails: serve them with the last model figures.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ObservabilitySetup))
                .LogWarning(e, "Could not read the serving model versions for the metrics endpoint.");
        }
    }

    private static void AddLogs(WebApplicationBuilder builder, ObservabilityOptions options)
    {
        // Trace and span ids join the scope of every entry written under an activity: requests, jobs, training runs.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (options.LogFormat == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        }
    }

    private static void AddIds(HttpContext context, IDictionary<string, object?> extensions)
    {
        if (System.Diagnostics.Activity.Current is { } activity)
        {
            extensions["traceId"] = activity.TraceId.ToHexString();
        }
        if (CorrelationId.Of(context) is { } id)
        {
            extensions["correlationId"] = id.Value;
        }
    }

    /// <summary>
    /// The server takes its filters from the container (falling back to Hangfire's process-wide list); the telemetry
    /// filter joins the global ones there, whichever of AddJobs and this runs first.
    /// </summary>
    private static void AddJobFilter(IServiceCollection services)
    {
        services.AddSingleton<JobTelemetryFilter>();
        services.AddSingleton<IJobFilterProvider>(sp =>
            new JobFilterProviderCollection(JobFilterProviders.Providers, new JobFilterCollection { sp.GetRequiredService<JobTelemetryFilter>() }));
    }

    private static bool IsProbe(PathString path, ObservabilityOptions options) =>
        path.StartsWithSegments("/health") || (options.Prometheus.Enabled && path.StartsWithSegments(options.Prometheus.Path));
}
