using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpsConsole.Access;
using OpsConsole.Support;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Support;

/// <summary>A ticket as the platform posts it; priority and tags are optional.</summary>
public sealed record TicketRequest(string? LearnerId, string? Subject, string? Body, string? Channel, string? OrderId, string? ItemId, string? Priority, string[]? Tags);

public sealed record LearnerMessageRequest(string? Body);

public sealed record CsatRequest(int? Rating, string? Comment);

/// <summary>A ticket as the platform may show it to its learner: no internal notes, no routing internals.</summary>
public sealed record PublicTicket(
    long Id, string LearnerId, string Subject, string Status, string Priority, string Language, string Channel, string? Intent, DateTime CreatedAt,
    DateTime UpdatedAt, DateTime? FirstRespondedAt, DateTime? ResolvedAt, bool CsatRequested, int? CsatRating, IReadOnlyList<PublicMessage> Messages);

public sealed record PublicMessage(long Id, string Kind, string Author, string Body, DateTime CreatedAt);

public static class TicketsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Statuses, queues and priorities go out as words ("assigned"), as the platform's developers read them.
    private static readonly JsonSerializerOptions Out = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static WebApplication MapTicketsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/tickets").WithTags("Tickets").RequireAuthorization(Policies.Scope(ApiScopes.Tickets));
        api.MapPost("/", Create)
            .WithSummary("Opens a ticket: {learnerId, subject, body, channel?, orderId?, itemId?, priority?, tags?}. The desk reads its language, intent, " +
                "tone and entities, then routes it to an agent, to triage, or answers it from the knowledge base. Returns how it was read and where it went.")
            .Produces<TicketCreated>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403);
        api.MapGet("/", List)
            .WithSummary("A learner's tickets (learnerId required), newest first: ?learnerId=&page=0&pageSize=25.")
            .Produces<TicketPage>().ProducesValidationProblem();
        api.MapGet("/{id:long}", Get).WithSummary("One ticket with the messages its learner may see.").Produces<PublicTicket>().ProducesProblem(404);
        api.MapPost("/{id:long}/messages", Reply)
            .WithSummary("The learner writes again: {body}. A pending or resolved ticket reopens; after an automated answer, asking for a person routes it.")
            .Produces<PublicMessage>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/{id:long}/solved", Solved).WithSummary("The learner confirms the answer solved it.").Produces(204).ProducesProblem(404);
        api.MapPost("/{id:long}/csat", Rate)
            .WithSummary("The learner's satisfaction rating after resolution: {rating: 1-5, comment?}.")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> Create(HttpRequest http, ClaimsPrincipal user, SupportDesk desk, CancellationToken ct)
    {
        var (request, error) = await ReadAsync<TicketRequest>(http, "{learnerId, subject, body}", ct);
        if (error is not null)
        {
            return error;
        }
        TicketPriority? priority = null;
        if (!string.IsNullOrWhiteSpace(request!.Priority))
        {
            if (!Enum.TryParse<TicketPriority>(request.Priority, true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(request.Priority, out _))
            {
                return Invalid("priority", $"priority must be low, normal, high or urgent; got '{request.Priority}'.");
            }
            priority = parsed;
        }
        return await Run(async () =>
        {
            var created = await desk.CreateAsync(new NewTicket(request.LearnerId, request.Subject, request.Body, request.Channel, request.OrderId,
                request.ItemId, priority, request.Tags), Caller(user), ct);
            http.HttpContext.Response.Headers.Location = $"/api/v1/tickets/{created.TicketId}";
            return Results.Json(created, Out, statusCode: StatusCodes.Status201Created);
        });
    }

    private static async Task<IResult> List(string? learnerId, string? page, string? pageSize, TicketQueries queries, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(learnerId))
        {
            return Invalid("learnerId", "learnerId is required.");
        }
        if (!TryInt(page, 0, out var p) || !TryInt(pageSize, 25, out var size))
        {
            return Invalid(TryInt(page, 0, out _) ? "pageSize" : "page", "page and pageSize must be whole numbers.");
        }
        return await Run(async () => Results.Json(await queries.ListAsync(
            new TicketQuery(TicketView.All, LearnerId: learnerId, Sort: TicketSort.Created, Page: p, PageSize: size), ct), Out));
    }

    private static async Task<IResult> Get(long id, TicketQueries queries, CancellationToken ct)
    {
        var details = await queries.DetailsAsync(id, ct);
        return details is null ? NotFound(id) : Results.Ok(View(details));
    }

    private static async Task<IResult> Reply(long id, HttpRequest http, SupportDesk desk, CancellationToken ct)
    {
        var (request, error) = await ReadAsync<LearnerMessageRequest>(http, "{body}", ct);
        return error ?? await Run(async () =>
        {
            var message = await desk.LearnerReplyAsync(id, request!.Body, ct);
            return Results.Created($"/api/v1/tickets/{id}", MessageView(message));
        });
    }

    private static Task<IResult> Solved(long id, SupportDesk desk, CancellationToken ct) =>
        Run(async () =>
        {
            await desk.ConfirmSolvedAsync(id, ct);
            return Results.NoContent();
        });

    private static async Task<IResult> Rate(long id, HttpRequest http, SupportDesk desk, CancellationToken ct)
    {
        var (request, error) = await ReadAsync<CsatRequest>(http, "{rating, comment?}", ct);
        if (error is not null)
        {
            return error;
        }
        if (request!.Rating is not { } rating)
        {
            return Invalid("rating", "rating is required: 1 (very unhappy) to 5 (very happy).");
        }
        return await Run(async () =>
        {
            await desk.RateAsync(id, rating, request.Comment, ct);
            return Results.NoContent();
        });
    }

    /// <summary>Reads the JSON body; malformed JSON is a 400 naming where it went wrong, never a 500.</summary>
    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest http, string shape, CancellationToken ct) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Body, Json, ct);
            return value is null ? (null, Invalid("(body)", $"A JSON body {shape} is required.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(body)" : e.Path.TrimStart('$', '.');
            return (null, Invalid(field, $"The body is not valid JSON of the shape {shape} at {e.Path ?? "the start"} (line {e.LineNumber + 1}): {FirstSentence(e.Message)}"));
        }
    }

    private static async Task<IResult> Run(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (TicketRequestException e)
        {
            return Invalid(e.Field, e.Message);
        }
        catch (TicketNotFoundException e)
        {
            return NotFound(e.TicketId);
        }
        catch (TicketStateException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the ticket's state", detail: e.Message);
        }
    }

    internal static PublicTicket View(TicketDetails d) => new(d.Ticket.Id, d.Ticket.LearnerId, d.Ticket.Subject, Lower(d.Ticket.Status), Lower(d.Ticket.Priority),
        d.Ticket.Language, d.Ticket.Channel, d.Ticket.Intent, d.Ticket.CreatedAt, d.Ticket.UpdatedAt, d.Ticket.FirstRespondedAt, d.Ticket.ResolvedAt,
        d.Ticket.CsatRequestedAt is not null, d.Ticket.CsatRating,
        d.Messages.Where(m => m.Kind is MessageKind.Learner or MessageKind.Agent or MessageKind.Automated).Select(MessageView).ToList());

    private static PublicMessage MessageView(TicketMessage m) => new(m.Id, Lower(m.Kind), m.AuthorName, m.Body, m.CreatedAt);

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static Actor Caller(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "api", user.Identity?.Name ?? "API");

    private static bool TryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return text is null || int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.') + ".";

    private static IResult NotFound(long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ticket", detail: $"Ticket {id} does not exist.",
            extensions: new Dictionary<string, object?> { ["field"] = "id" });

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid ticket request");
}
