using Microsoft.OpenApi;
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
        }).AddOperationTransformer(async (operation, context, ct) =>
        {
            var body = context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedBody>().FirstOrDefault();
            if (body is null)
            {
                return;
            }
            var schema = await context.GetOrCreateSchemaAsync(body.Type, null, ct);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = body.ContentTypes.ToDictionary(c => c, _ => new OpenApiMediaType { Schema = schema }),
            };
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

/// <summary>
/// Describes a request body that the endpoint reads itself. Unlike <c>Accepts</c>, it does not make routing
/// turn other content types away, so the endpoint can answer them with its own clear 415.
/// </summary>
public sealed record DocumentedBody(Type Type, params string[] ContentTypes);
