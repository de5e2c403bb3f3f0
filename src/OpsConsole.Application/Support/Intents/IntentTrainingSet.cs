using System.Globalization;
using System.Text;

namespace OpsConsole.Support;

/// <summary>How many confirmed tickets one intent has.</summary>
public sealed record IntentExampleCount(string Intent, int Examples);

/// <summary>
/// Whether the confirmed tickets are enough to train a model, and if not what is missing, in words a manager can act
/// on: how many there are, how many are needed, and which intents are short.
/// </summary>
public sealed record IntentTrainingReadiness(IReadOnlyList<IntentExampleCount> PerIntent, int MinimumExamples, int MinimumPerIntent)
{
    /// <summary>Every confirmed ticket, whether or not its intent has enough of them.</summary>
    public int Examples => PerIntent.Sum(i => i.Examples);

    /// <summary>Intents with enough confirmed tickets to be learnt, most frequent first.</summary>
    public IReadOnlyList<IntentExampleCount> Usable => [.. PerIntent.Where(i => i.Examples >= MinimumPerIntent)];

    /// <summary>Intents that are left out of the model until agents confirm more of them.</summary>
    public IReadOnlyList<IntentExampleCount> LeftOut => [.. PerIntent.Where(i => i.Examples < MinimumPerIntent)];

    public int UsableExamples => Usable.Sum(i => i.Examples);

    public bool Ready => Usable.Count >= 2 && UsableExamples >= MinimumExamples;

    /// <summary>Why no model can be trained yet; null when one can.</summary>
    public string? Problem
    {
        get
        {
            if (Ready)
            {
                return null;
            }
            var text = new StringBuilder();
            if (Usable.Count < 2)
            {
                text.Append(Usable.Count == 0
                    ? Invariant($"An intent model needs at least two intents with {MinimumPerIntent} confirmed tickets each; no intent has that many")
                    : Invariant($"An intent model needs at least two intents with {MinimumPerIntent} confirmed tickets each; only {Usable[0].Intent} has ({Usable[0].Examples})"));
                text.Append(Examples == 0 ? " (no ticket has an intent an agent confirmed yet)." : ".");
            }
            else
            {
                text.Append(Invariant($"An intent model needs at least {MinimumExamples} confirmed tickets in intents with {MinimumPerIntent} or more each; there are {UsableExamples} ({Describe(Usable)}), {MinimumExamples - UsableExamples} more needed."));
            }
            if (LeftOut.Count > 0)
            {
                text.Append(Invariant($" Short of {MinimumPerIntent}: {string.Join(", ", LeftOut.Select(i => $"{i.Intent} {i.Examples} ({MinimumPerIntent - i.Examples} more needed)"))}."));
            }
            return text.ToString();
        }
    }

    public static IntentTrainingReadiness From(IEnumerable<string> intents, int minimumExamples, int minimumPerIntent) =>
        new(Count(intents), minimumExamples, minimumPerIntent);

    /// <summary>Examples per intent, most frequent first, ties by name.</summary>
    public static IReadOnlyList<IntentExampleCount> Count(IEnumerable<string> intents) =>
        [.. intents.GroupBy(i => i, StringComparer.Ordinal)
            .Select(g => new IntentExampleCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Examples).ThenBy(c => c.Intent, StringComparer.Ordinal)];

    private static string Describe(IEnumerable<IntentExampleCount> counts) => string.Join(", ", counts.Select(c => Invariant($"{c.Intent} {c.Examples}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One confirmed ticket as the trainer reads it.</summary>
public sealed record IntentExample(long TicketId, string Text, string Intent);

/// <summary>The examples of a run, split per intent into training and test so every intent is measured in its own proportion.</summary>
public sealed record IntentTrainingSet(IReadOnlyList<IntentExample> Training, IReadOnlyList<IntentExample> Test)
{
    /// <summary>
    /// Per intent: order by ticket, shuffle with a fixed seed, hold out <paramref name="testFraction"/> of it (at least one
    /// ticket, and never all of them). The same tickets always split the same way, so reruns are comparable.
    /// </summary>
    public static IntentTrainingSet Split(IEnumerable<IntentExample> examples, double testFraction, int seed)
    {
        if (testFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be between 0 and 1.");
        }
        var training = new List<IntentExample>();
        var test = new List<IntentExample>();
        foreach (var group in examples.GroupBy(e => e.Intent, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var items = group.OrderBy(e => e.TicketId).ToArray();
            if (items.Length < 2)
            {
                throw new ArgumentException($"Intent '{group.Key}' has {items.Length} example; a split needs at least two per intent.", nameof(examples));
            }
            // Seeded per intent, so a new ticket of one intent does not reshuffle the others.
            new Random(unchecked(seed * 16777619 ^ StableHash(group.Key))).Shuffle(items);
            var held = Math.Clamp((int)Math.Round(items.Length * testFraction, MidpointRounding.AwayFromZero), 1, items.Length - 1);
            test.AddRange(items.Take(held));
            training.AddRange(items.Skip(held));
        }
        return new IntentTrainingSet(training, test);
    }

    /// <summary>string.GetHashCode and HashCode differ between processes; the split must not.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)hash;
    }
}
