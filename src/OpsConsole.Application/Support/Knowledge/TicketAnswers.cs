using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>An article suggested for a ticket, with the whole body an agent inserts into the reply.</summary>
public sealed record SuggestedArticle(ArticleSuggestion Suggestion, string Body);

/// <summary>A canned response filled in for one ticket; <see cref="Missing"/> names the variables the agent still has to type.</summary>
public sealed record SuggestedCanned(int Id, string Name, string Text, IReadOnlyList<string> Missing, bool IntentMatch);

/// <summary>Everything the ticket page offers to insert into a reply, best first in each list.</summary>
public sealed record TicketAnswerSet(IReadOnlyList<SuggestedArticle> Articles, IReadOnlyList<ReplySuggestion> Replies, IReadOnlyList<SuggestedCanned> Canned)
{
    public static TicketAnswerSet None { get; } = new([], [], []);

    public bool IsEmpty => Articles.Count == 0 && Replies.Count == 0 && Canned.Count == 0;
}

/// <summary>
/// The answers an agent can start from on a ticket: knowledge-base articles and past resolved replies similar to it,
/// and the canned responses in its language (those for its intent first) with the ticket's values filled in.
/// </summary>
public sealed class TicketAnswers(IDbContextFactory<OpsDbContext> contexts, AnswerSuggester suggester, KnowledgeBase knowledge)
{
    public const int MaxCanned = 12;

    public async Task<TicketAnswerSet> ForTicketAsync(long ticketId, TemplateValues values, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId)
            .Select(t => new { t.Subject, t.Body, t.Intent, t.Language }).FirstOrDefaultAsync(cancellationToken);
        if (ticket is null)
        {
            return TicketAnswerSet.None;
        }
        var suggestions = await suggester.SuggestAsync(
            new SuggestionRequest(TicketText.Combine(ticket.Subject, ticket.Body), ticket.Intent, ticket.Language, ExcludeTicketId: ticketId), cancellationToken);
        var ids = suggestions.Articles.Select(a => a.ArticleId).ToList();
        var bodies = await db.KnowledgeArticles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Body, cancellationToken);
        var articles = suggestions.Articles.Where(a => bodies.ContainsKey(a.ArticleId))
            .Select(a => new SuggestedArticle(a, bodies[a.ArticleId])).ToList();

        var intent = ticket.Intent?.Trim().ToLowerInvariant();
        var canned = (await knowledge.CannedForTicketAsync(ticket.Intent, ticket.Language, MaxCanned, cancellationToken))
            .Select(c =>
            {
                var rendered = CannedResponseRenderer.Render(c.Body, values);
                var forIntent = !string.IsNullOrEmpty(intent) && KnowledgeCodes.Split(c.Intents).Contains(intent, StringComparer.Ordinal);
                return new SuggestedCanned(c.Id, c.Name, rendered.Text, rendered.Missing, forIntent);
            })
            .ToList();
        return new TicketAnswerSet(articles, suggestions.Replies, canned);
    }
}
