namespace OpsConsole.Support;

/// <summary>One thing wrong with what was submitted, naming the field (<c>title</c>, <c>body</c>, <c>language</c>, <c>intents</c>…).</summary>
public sealed record KnowledgeFieldError(string Field, string Message);

/// <summary>A save refused because of the listed field errors; nothing was written.</summary>
public sealed class KnowledgeValidationException(IReadOnlyList<KnowledgeFieldError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<KnowledgeFieldError> Errors { get; } = errors;
}

/// <summary>An article as edited in the console.</summary>
public sealed record ArticleDraft(string Title, string Body, IReadOnlyList<string> Intents, string Language = "en", bool Published = true)
{
    public static ArticleDraft From(KnowledgeArticle article) =>
        new(article.Title, article.Body, KnowledgeCodes.Split(article.Intents), article.Language, article.Published);
}

/// <summary>A canned response as edited in the console.</summary>
public sealed record CannedDraft(string Name, string Body, IReadOnlyList<string> Intents, string Language = "en")
{
    public static CannedDraft From(CannedResponse response) =>
        new(response.Name, response.Body, KnowledgeCodes.Split(response.Intents), response.Language);
}

/// <summary>
/// Which entries to list: <paramref name="Search"/> matches title (or name) and body, case-insensitively;
/// <paramref name="Intent"/> keeps entries that list it; <paramref name="Page"/> counts from 0.
/// </summary>
public sealed record KnowledgeQuery(string? Search = null, string? Intent = null, string? Language = null, bool? Published = null, int Page = 0, int PageSize = 25)
{
    public const int MaxPageSize = 200;
}

public sealed record KnowledgePage<T>(IReadOnlyList<T> Rows, int Total);
