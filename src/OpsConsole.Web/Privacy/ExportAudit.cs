using OpsConsole.Privacy;

namespace OpsConsole.Web.Privacy;

/// <summary>
/// Marks a download for the audit log with its own action and target; a route whose last segment starts with
/// <c>export</c> is audited as a plain <see cref="AuditActions.Export"/> of its path without being marked.
/// </summary>
public sealed record AuditedExport(string Action, Func<HttpContext, string?> Target);

/// <summary>
/// Writes one audit entry for every download of data, in one place rather than in each export endpoint: any route that
/// is an export (by its pattern or its <see cref="AuditedExport"/> mark) is recorded when its response starts with a
/// success status, so refused and failed requests leave no entry and a new export is audited without remembering to.
/// The entry is written before the first byte leaves: if it cannot be written, the export does not happen.
/// </summary>
public static class ExportAudit
{
    public static bool IsExport(Endpoint? endpoint) => Mark(endpoint) is not null;

    public static WebApplication UseExportAudit(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (Mark(http.GetEndpoint()) is { } mark)
            {
                http.Response.OnStarting(() => http.Response.StatusCode is >= 200 and < 300 ? RecordAsync(http, mark) : Task.CompletedTask);
            }
            await next(http);
        });
        return app;
    }

    private static AuditedExport? Mark(Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<AuditedExport>() is { } marked)
        {
            return marked;
        }
        var pattern = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        var last = pattern?.TrimEnd('/').Split('/')[^1];
        return last is not null && last.StartsWith("export", StringComparison.OrdinalIgnoreCase)
            ? new AuditedExport(AuditActions.Export, http => http.Request.Path.Value)
            : null;
    }

    private static Task RecordAsync(HttpContext http, AuditedExport mark)
    {
        var actor = http.User.Identity?.Name ?? "anonymous";
        var query = http.Request.QueryString.HasValue ? Uri.UnescapeDataString(http.Request.QueryString.Value!.TrimStart('?')) : null;
        return http.RequestServices.GetRequiredService<AuditLog>().WriteAsync(actor, mark.Action, mark.Target(http), query, http.RequestAborted);
    }
}
