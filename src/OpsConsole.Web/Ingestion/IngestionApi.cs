using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsConsole.Access;
using OpsConsole.Catalog;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Web.Access;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Ingestion;

public static class IngestionApi
{
    private static readonly string[] JsonTypes = ["application/json"];
    private static readonly string[] NdjsonTypes = ["application/x-ndjson", "application/ndjson", "application/jsonl"];

    public static WebApplicationBuilder AddIngestionApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication MapIngestionApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Ingestion");

        api.MapPost("/events", PostEvents)
            .RequireAuthorization(Policies.Scope(ApiScopes.Ingest))
            .WithMetadata(new DocumentedBody(typeof(EventDto[]), "application/json", "application/x-ndjson"))
            .Produces<IngestResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429)
            .WithSummary("Send behaviour events (a JSON array or NDJSON)")
            .WithDescription("Valid events are stored even when others in the batch are rejected; re-sent event ids count as duplicates. Acknowledged only after commit.");

        api.MapPut("/learners/{id}", (string id, HttpRequest request, LearnerRecords learners, IOptions<IngestionOptions> options, CancellationToken ct) =>
                PutRecord(id, request, options.Value, (body, token) => learners.UpsertAsync(id, body, token), ct))
            .RequireAuthorization(Policies.Scope(ApiScopes.Ingest))
            .WithMetadata(new DocumentedBody(typeof(LearnerDto), "application/json"))
            .Produces(200).Produces(201).ProducesProblem(400)
            .WithSummary("Create or update a learner's details and contact data");

        api.MapPut("/catalog/{id}", (string id, HttpRequest request, CatalogRecords catalog, IOptions<IngestionOptions> options, CancellationToken ct) =>
                PutRecord(id, request, options.Value, (body, token) => catalog.UpsertAsync(id, body, token), ct))
            .RequireAuthorization(Policies.Scope(ApiScopes.Ingest))
            .WithMetadata(new DocumentedBody(typeof(CatalogItemDto), "application/json"))
            .Produces(200).Produces(201).ProducesProblem(400)
            .WithSummary("Create or update a catalogue item");
        return app;
    }

    private static async Task<IResult> PostEvents(HttpRequest request, IngestionService ingestion, IOptions<IngestionOptions> options, HttpContext http, CancellationToken ct)
    {
        var mediaType = MediaType(request);
        var ndjson = NdjsonTypes.Contains(mediaType);
        if (!ndjson && !JsonTypes.Contains(mediaType))
        {
            return Results.Problem(statusCode: 415, title: "Unsupported content type",
                detail: $"Send application/json (an array of events) or application/x-ndjson (one event per line), not '{request.ContentType}'.");
        }
        var (body, problem) = await ReadBodyAsync(request, options.Value.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }
        IReadOnlyList<IncomingRecord> records;
        try
        {
            records = ndjson ? BatchReader.ReadNdjson(body) : BatchReader.ReadJsonArray(body);
        }
        catch (MalformedBatchException ex)
        {
            return Results.Problem(statusCode: 400, title: "Malformed body", detail: ex.Message);
        }
        var source = $"api:{http.User.Identity?.Name}";
        var result = await ingestion.IngestAsync(records, source, ct);
        return Results.Ok(new IngestResponse(result.Accepted, result.Duplicates, result.Rejected));
    }

    private static async Task<IResult> PutRecord(string id, HttpRequest request, IngestionOptions options,
        Func<JsonElement, CancellationToken, Task<UpsertOutcome>> upsert, CancellationToken ct)
    {
        if (MediaType(request) != "application/json")
        {
            return Results.Problem(statusCode: 415, title: "Unsupported content type", detail: "Send application/json.");
        }
        var (body, problem) = await ReadBodyAsync(request, options.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return Results.Problem(statusCode: 400, title: "Malformed body", detail: "The body is not valid UTF-8.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: 400, title: "Malformed body", detail: $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
        using (document)
        {
            try
            {
                var outcome = await upsert(document.RootElement, ct);
                return outcome == UpsertOutcome.Created ? Results.Created(request.Path, new { id, outcome = "created" }) : Results.Ok(new { id, outcome = "updated" });
            }
            catch (RecordRejectedException ex)
            {
                return Results.ValidationProblem(
                    new Dictionary<string, string[]> { [ex.Rejection.Field] = [$"{ex.Rejection.Field} {ex.Rejection.Reason}"] },
                    title: $"Record '{id}' was rejected", detail: $"{ex.Rejection.Field} {ex.Rejection.Reason}");
            }
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes whatever the Content-Length claims, so an oversize body is a 413 and never an out-of-memory.</summary>
    private static async Task<(ReadOnlyMemory<byte> Body, IResult? Problem)> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        IResult TooLarge() => Results.Problem(statusCode: 413, title: "Body too large", detail: $"The body may be at most {limit:N0} bytes; split the batch.");
        if (request.ContentLength > limit)
        {
            return (default, TooLarge());
        }
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 64 * 1024, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(64 * 1024);
            var read = await request.Body.ReadAsync(memory, ct);
            if (read == 0)
            {
                break;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return (default, TooLarge());
            }
        }
        if (buffer.WrittenCount == 0)
        {
            return (default, Results.Problem(statusCode: 400, title: "Empty body", detail: "The body is empty; send at least one record."));
        }
        return (buffer.WrittenMemory, null);
    }

    private static string MediaType(HttpRequest request) =>
        (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
}
