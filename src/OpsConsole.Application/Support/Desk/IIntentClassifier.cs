namespace OpsConsole.Support;

/// <summary>What the active intent model read in a ticket's text.</summary>
/// <param name="Alternatives">The next most likely intents, best first, for agents correcting a reading.</param>
public sealed record IntentReading(string Intent, double Confidence, int ModelVersion, IReadOnlyList<(string Intent, double Probability)> Alternatives);

/// <summary>The intent model the desk reads new tickets with; null readings mean no model has been trained yet.</summary>
public interface IIntentClassifier
{
    IntentReading? Classify(string subject, string body);
}
