using System.Text.Json;
using OpsConsole.Ingestion;

namespace OpsConsole.Web.Ingestion;

/// <summary>The response to a batch: how many were stored, how many were already known, and why each rejected record failed.</summary>
public sealed record IngestResponse(int Accepted, int Duplicates, IReadOnlyList<Rejection> Rejected);

/// <summary>The wire shape of an event, documented for the OpenAPI description (the endpoint validates field by field).</summary>
public sealed record EventDto(
    string EventId, string LearnerId, string Type, DateTimeOffset OccurredAt,
    string? ItemId, string? SessionId, decimal? Amount, string? Currency, JsonElement? Properties);

public sealed record LearnerDto(
    DateTimeOffset? SignupAt, string? Channel, string? Region, string? Device, string? Locale, string? Tier,
    string? Name, string? Email, string? Phone);

public sealed record CatalogItemDto(
    string Title, string? Kind, string? Topic, string[]? Tags, decimal? Price, string? Currency,
    string? Instructor, string? Level, DateTimeOffset? PublishedAt, DateTimeOffset? RetiredAt);
