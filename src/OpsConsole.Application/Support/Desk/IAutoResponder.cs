namespace OpsConsole.Support;

/// <summary>An automated first reply: the message the learner gets and the article it came from.</summary>
public sealed record AutoAnswer(int ArticleId, string Message);

/// <summary>
/// Answers a new ticket at once when managers allow it for the ticket's intent and the model is sure enough, and
/// recognises a learner asking for a person instead.
/// </summary>
public interface IAutoResponder
{
    Task<AutoAnswer?> AnswerAsync(Ticket ticket, CancellationToken cancellationToken);

    bool IsHumanRequest(string text);
}
