using OpsConsole.Access;
using OpsConsole.Profiles;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Profiles;

public sealed record InterestDto(string Tag, double Weight);

public sealed record PersonaDto(int Id, string Label, string Description);

public sealed record RfmDto(int Recency, int Frequency, int Monetary, string Segment);

public sealed record ConsumptionDto(
    int Orders, decimal OrderSpend, decimal MembershipSpend, int Refunds, decimal RefundAmount, decimal NetSpend,
    decimal AverageOrderValue, DateTime? LastPurchaseAt, string Membership, string? MembershipPlan, DateTime? MembershipRenewsAt, string Currency);

public sealed record EngagementDto(
    int ActiveDays7, int ActiveDays30, int ActiveDays90, int CurrentStreak, int CoursesStarted, int CoursesCompleted,
    double LessonCompletionRate, int? PreferredHour, string? PreferredDevice);

/// <summary>A learner's profile as the platform's backend sees it: behaviour and derived facts, never PII.</summary>
public sealed record ProfileDto(
    string LearnerId, DateTime SignupAt, string? Channel, string? Region, string? Locale, DateTime? ComputedAt,
    DateTime? FirstSeenAt, DateTime? LastActiveAt, string? Lifecycle, IReadOnlyList<InterestDto> Interests,
    ConsumptionDto? Consumption, EngagementDto? Engagement, RfmDto? Rfm, PersonaDto? Persona);

public static class ProfileApi
{
    public static WebApplication MapProfileApi(this WebApplication app)
    {
        app.MapGet("/api/v1/learners/{id}/profile", GetProfile)
            .WithTags("Profiles")
            .WithSummary("A learner's derived profile: interests, consumption, engagement, RFM, lifecycle and persona.")
            .RequireAuthorization(Policies.Scope(ApiScopes.Analytics))
            .Produces<ProfileDto>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> GetProfile(string id, ProfileQueries queries, ProfileOptions options, CancellationToken ct)
    {
        if (await queries.GetAsync(id, ct) is not { } view)
        {
            return Results.Problem(statusCode: 404, title: "Unknown learner", detail: $"No learner has the id '{id}'.");
        }
        return Results.Ok(ToDto(view, options.Currency));
    }

    internal static ProfileDto ToDto(ProfileView view, string currency)
    {
        var (l, p) = (view.Learner, view.Profile);
        return new ProfileDto(
            l.Id, l.SignupAt, l.Channel, l.Region, l.Locale, p?.ComputedAt, p?.FirstSeenAt, p?.LastActiveAt, p?.Lifecycle.ToString(),
            [.. view.Interests.Select(i => new InterestDto(i.Tag, i.Weight))],
            p is null ? null : new ConsumptionDto(p.Orders, p.OrderSpend, p.MembershipSpend, p.Refunds, p.RefundAmount, p.NetSpend,
                p.AverageOrderValue, p.LastPurchaseAt, p.Membership.ToString(), p.MembershipPlan?.ToString(), p.MembershipRenewsAt, currency),
            p is null ? null : new EngagementDto(p.ActiveDays7, p.ActiveDays30, p.ActiveDays90, p.CurrentStreak, p.CoursesStarted,
                p.CoursesCompleted, p.LessonCompletionRate, p.PreferredHour, p.PreferredDevice),
            p is null ? null : new RfmDto(p.RecencyScore, p.FrequencyScore, p.MonetaryScore, p.RfmSegment.ToString()),
            view.Persona is { } persona ? new PersonaDto(persona.Id, persona.Label, persona.Description) : null);
    }
}
