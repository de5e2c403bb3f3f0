namespace OpsConsole.Support;

/// <summary>The language of a ticket as a BCP-47 code ("zh" or "en") with how sure the detector is (0.5–1).</summary>
public sealed record LanguageGuess(string Code, double Confidence)
{
    public bool IsChinese => Code == LanguageDetector.Chinese;
}

/// <summary>
/// Chinese or English, from the script. Han characters count for Chinese and Latin words for English, but text
/// inside title marks and quotes is left out: a Chinese learner quotes English course titles (and the reverse),
/// and the quote says nothing about the language the learner writes in. A Chinese word is about 1.5 characters,
/// so characters are scaled to words before the two counts are compared. The confidence is the winner's share
/// with one pseudo-count on each side, so a two-word message is never reported as certain.
/// </summary>
public static class LanguageDetector
{
    public const string Chinese = "zh";
    public const string English = "en";

    private const double HanCharactersPerWord = 1.5;

    public static LanguageGuess Detect(string? subject, string? body) => Detect(TicketText.Combine(subject, body));

    public static LanguageGuess Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new LanguageGuess(English, 0.5);
        }
        var normalised = TicketText.Normalise(text);
        var (chinese, english) = Count(WithoutQuotes(normalised));
        if (chinese + english == 0)
        {
            // Only quoted text: better a guess from it than none.
            (chinese, english) = Count(normalised);
        }
        if (chinese + english == 0)
        {
            return new LanguageGuess(English, 0.5);
        }
        var code = chinese > english ? Chinese : English;
        var confidence = (Math.Max(chinese, english) + 1) / (chinese + english + 2);
        return new LanguageGuess(code, Math.Round(confidence, 4));
    }

    private static (double Chinese, double English) Count(string text)
    {
        var han = 0;
        var words = 0;
        foreach (var run in TicketText.Runs(text))
        {
            if (run.Cjk)
            {
                han += run.Text.Length;
            }
            else if (run.Text.Any(char.IsLetter))
            {
                // Numbers, order ids and amounts are the same in both languages.
                words++;
            }
        }
        return (han / HanCharactersPerWord, words);
    }

    /// <summary>The text with quoted spans (《》, 「」, “”, ‘’ and straight double quotes) blanked out.</summary>
    internal static string WithoutQuotes(string text)
    {
        var chars = text.ToCharArray();
        char? closing = null;
        var start = -1;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (closing is null)
            {
                closing = c switch { '《' => '》', '「' => '」', '“' => '”', '‘' => '’', '"' => '"', _ => null };
                start = i;
            }
            else if (c == closing)
            {
                Array.Fill(chars, ' ', start, i - start + 1);
                closing = null;
            }
            else if (c == '\n')
            {
                // An unclosed quote ends with its line rather than swallowing the rest of the message.
                closing = null;
            }
        }
        return new string(chars);
    }
}
