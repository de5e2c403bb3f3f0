using Scalar.AspNetCore;

namespace OpsConsole.Web.Hosting;

public static class ApiDocs
{
    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "OpsConsole platform API";
            doc.Info.Description = "Called by the platform backend with an API key in the X-Api-Key header.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>The document and its browsable reference are for signed-in console users (platform engineers among them).</summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("OpsConsole API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
