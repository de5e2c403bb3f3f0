using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>
/// Help articles and canned responses: listing with search and filters, and saving with every field checked first.
/// Each article change marks the <see cref="KnowledgeIndex"/> stale, so suggestions and automatic answers follow it.
/// </summary>
public sealed class KnowledgeBase(IDbContextFactory<OpsDbContext> contexts, KnowledgeIndex index, TimeProvider clock)
{
    public async Task<KnowledgePage<KnowledgeArticle>> ListArticlesAsync(KnowledgeQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var articles = db.KnowledgeArticles.AsNoTracking();
        if (Term(query.Search) is { } term)
        {
            articles = articles.Where(a => a.Title.ToLower().Contains(term) || a.Body.ToLower().Contains(term));
        }
        if (Code(query.Intent) is { } intent)
        {
            var padded = " " + intent + " ";
            articles = articles.Where(a => (" " + a.Intents + " ").Contains(padded));
        }
        if (Code(query.Language) is { } language)
        {
            articles = articles.Where(a => a.Language == language);
        }
        if (query.Published is { } published)
        {
            articles = articles.Where(a => a.Published == published);
        }
        var total = await articles.CountAsync(cancellationToken);
        var (skip, take) = Window(query);
        var rows = await articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new KnowledgePage<KnowledgeArticle>(rows, total);
    }

    public async Task<KnowledgeArticle?> GetArticleAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.KnowledgeArticles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
    }

    /// <exception cref="KnowledgeValidationException">A field is missing or wrong.</exception>
    public async Task<KnowledgeArticle> CreateArticleAsync(ArticleDraft draft, string? by, CancellationToken cancellationToken = default)
    {
        Throw(Validate(draft));
        var article = new KnowledgeArticle { Title = "", Body = "" };
        Apply(article, draft, by);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.KnowledgeArticles.Add(article);
            await db.SaveChangesAsync(cancellationToken);
        }
        index.Invalidate();
        return article;
    }

    /// <summary>The saved article, or null when no article has that id.</summary>
    /// <exception cref="KnowledgeValidationException">A field is missing or wrong.</exception>
    public async Task<KnowledgeArticle?> UpdateArticleAsync(int id, ArticleDraft draft, string? by, CancellationToken cancellationToken = default)
    {
        Throw(Validate(draft));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.KnowledgeArticles.FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } article)
        {
            return null;
        }
        Apply(article, draft, by);
        await db.SaveChangesAsync(cancellationToken);
        index.Invalidate();
        return article;
    }

    /// <summary>
    /// Whether an article was deleted. Tickets that were answered with it keep its id in
    /// <see cref="Ticket.AutoReplyArticleId"/>, and their automated message keeps its text.
    /// </summary>
    public async Task<bool> DeleteArticleAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.KnowledgeArticles.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            index.Invalidate();
        }
        return deleted;
    }

    public async Task<KnowledgePage<CannedResponse>> ListCannedAsync(KnowledgeQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var responses = db.CannedResponses.AsNoTracking();
        if (Term(query.Search) is { } term)
        {
            responses = responses.Where(c => c.Name.ToLower().Contains(term) || c.Body.ToLower().Contains(term));
        }
        if (Code(query.Intent) is { } intent)
        {
            var padded = " " + intent + " ";
            responses = responses.Where(c => (" " + c.Intents + " ").Contains(padded));
        }
        if (Code(query.Language) is { } language)
        {
            responses = responses.Where(c => c.Language == language);
        }
        var total = await responses.CountAsync(cancellationToken);
        var (skip, take) = Window(query);
        var rows = await responses.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new KnowledgePage<CannedResponse>(rows, total);
    }

    /// <summary>
    /// The canned responses an agent may pick on a ticket: those in its language, the ones listing its intent
    /// first, then by name. Bounded, since it fills a picker.
    /// </summary>
    public async Task<IReadOnlyList<CannedResponse>> CannedForTicketAsync(string? intent, string language, int max = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        language = KnowledgeCodes.Language(language);
        var padded = " " + (Code(intent) ?? "\u0000") + " ";
        return await db.CannedResponses.AsNoTracking().Where(c => c.Language == language)
            .OrderByDescending(c => (" " + c.Intents + " ").Contains(padded)).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Take(Math.Clamp(max, 1, KnowledgeQuery.MaxPageSize)).ToListAsync(cancellationToken);
    }

    public async Task<CannedResponse?> GetCannedAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CannedResponses.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    /// <exception cref="KnowledgeValidationException">A field is missing or wrong, or the body uses an unknown variable.</exception>
    public async Task<CannedResponse> CreateCannedAsync(CannedDraft draft, CancellationToken cancellationToken = default)
    {
        Throw(Validate(draft));
        var response = new CannedResponse { Name = "", Body = "" };
        Apply(response, draft);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.CannedResponses.Add(response);
        await db.SaveChangesAsync(cancellationToken);
        return response;
    }

    /// <summary>The saved response, or null when none has that id.</summary>
    /// <exception cref="KnowledgeValidationException">A field is missing or wrong, or the body uses an unknown variable.</exception>
    public async Task<CannedResponse?> UpdateCannedAsync(int id, CannedDraft draft, CancellationToken cancellationToken = default)
    {
        Throw(Validate(draft));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.CannedResponses.FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } response)
        {
            return null;
        }
        Apply(response, draft);
        await db.SaveChangesAsync(cancellationToken);
        return response;
    }

    public async Task<bool> DeleteCannedAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CannedResponses.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>Every problem with an article draft, each naming its field; empty when it can be saved.</summary>
    public static IReadOnlyList<KnowledgeFieldError> Validate(ArticleDraft draft)
    {
        var errors = new List<KnowledgeFieldError>();
        var title = draft.Title?.Trim() ?? "";
        if (title.Length is 0 or > KnowledgeArticle.TitleMaxLength)
        {
            errors.Add(new("title", $"is required (1 to {KnowledgeArticle.TitleMaxLength} characters)"));
        }
        CheckBody(draft.Body, KnowledgeArticle.BodyMaxLength, errors);
        CheckLanguage(draft.Language, errors);
        CheckIntents(draft.Intents, errors);
        return errors;
    }

    /// <summary>Every problem with a canned response draft, each naming its field; empty when it can be saved.</summary>
    public static IReadOnlyList<KnowledgeFieldError> Validate(CannedDraft draft)
    {
        var errors = new List<KnowledgeFieldError>();
        var name = draft.Name?.Trim() ?? "";
        if (name.Length is 0 or > CannedResponse.NameMaxLength)
        {
            errors.Add(new("name", $"is required (1 to {CannedResponse.NameMaxLength} characters)"));
        }
        if (CheckBody(draft.Body, TicketMessage.BodyMaxLength, errors))
        {
            errors.AddRange(CannedResponseRenderer.Check(draft.Body).Select(p => new KnowledgeFieldError("body", p)));
        }
        CheckLanguage(draft.Language, errors);
        CheckIntents(draft.Intents, errors);
        return errors;
    }

    private static bool CheckBody(string? body, int max, List<KnowledgeFieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            errors.Add(new("body", "is required"));
            return false;
        }
        if (body.Trim().Length > max)
        {
            errors.Add(new("body", $"is {body.Trim().Length:N0} characters long; at most {max:N0}"));
            return false;
        }
        return true;
    }

    private static void CheckLanguage(string? language, List<KnowledgeFieldError> errors)
    {
        if (!KnowledgeCodes.IsLanguage(language))
        {
            errors.Add(new("language", $"'{language}' is not one of {string.Join(", ", KnowledgeCodes.Languages)}"));
        }
    }

    private static void CheckIntents(IReadOnlyList<string>? intents, List<KnowledgeFieldError> errors)
    {
        foreach (var intent in intents ?? [])
        {
            if (!KnowledgeCodes.IsIntent(intent?.Trim().ToLowerInvariant()))
            {
                errors.Add(new("intents", $"'{intent}' is not a known intent ({string.Join(", ", KnowledgeCodes.Intents)})"));
            }
        }
    }

    private void Apply(KnowledgeArticle article, ArticleDraft draft, string? by)
    {
        article.Title = draft.Title.Trim();
        article.Body = draft.Body.Trim();
        article.Intents = KnowledgeCodes.Join(draft.Intents);
        article.Language = draft.Language;
        article.Published = draft.Published;
        article.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        article.UpdatedBy = by ?? "";
    }

    private void Apply(CannedResponse response, CannedDraft draft)
    {
        response.Name = draft.Name.Trim();
        response.Body = draft.Body.Trim();
        response.Intents = KnowledgeCodes.Join(draft.Intents);
        response.Language = draft.Language;
        response.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    private static void Throw(IReadOnlyList<KnowledgeFieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new KnowledgeValidationException(errors);
        }
    }

    // Lower-casing both sides keeps search case-insensitive on every provider (SQLite's instr and PostgreSQL's strpos are not).
    private static string? Term(string? search) => string.IsNullOrWhiteSpace(search) ? null : search.Trim().ToLowerInvariant();

    private static string? Code(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToLowerInvariant();

    private static (int Skip, int Take) Window(KnowledgeQuery query)
    {
        var size = Math.Clamp(query.PageSize, 1, KnowledgeQuery.MaxPageSize);
        return (Math.Max(0, query.Page) * size, size);
    }
}
