using Microsoft.Extensions.Logging;

namespace OpsConsole.Support;

/// <summary>
/// The desk's automatic first reply from the knowledge base: <see cref="AutoReplyPolicy.DecideAsync"/> picks the
/// article, <see cref="AutoReplyComposer"/> writes the message in the ticket's language and reads the learner's
/// request for a person.
/// </summary>
public sealed class KnowledgeAutoResponder(AutoReplyPolicy policy, ILogger<KnowledgeAutoResponder> logger) : IAutoResponder
{
    public async Task<AutoAnswer?> AnswerAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var decision = await policy.DecideAsync(ticket.Intent, ticket.IntentConfidence ?? 0, ticket.Language, TicketText.Combine(ticket.Subject, ticket.Body), cancellationToken);
        logger.LogDebug("Ticket {TicketId}: {Reason}", ticket.Id, decision.Reason);
        return decision.Article is { } article ? new AutoAnswer(article.Id, AutoReplyComposer.Compose(article, ticket.Language)) : null;
    }

    public bool IsHumanRequest(string text) => AutoReplyComposer.IsHumanRequest(text);
}
