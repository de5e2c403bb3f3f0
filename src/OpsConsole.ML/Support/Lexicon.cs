namespace OpsConsole.Support;

/// <summary>One lexicon phrase found in a text, with its weight after negation.</summary>
public sealed record LexiconHit(string Phrase, double Weight, bool Negated);

/// <summary>
/// Weighted phrases in English and Chinese, matched on normalised text. Longer phrases are matched first and
/// blank out what they cover, so "not urgent" is not also counted as "urgent", nor 不满意 as 满意. English
/// phrases must stand as whole words; Chinese has no word boundaries, so Chinese phrases match anywhere.
/// </summary>
internal sealed class Lexicon
{
    private static readonly string[] EnglishNegators = ["not", "no", "never", "don't", "dont", "didn't", "didnt", "isn't", "isnt", "wasn't", "wasnt", "aren't", "hardly", "n't"];
    private static readonly string[] ChineseNegators = ["不", "没", "别", "未", "无"];

    private readonly (string Phrase, double Weight, bool Latin)[] _entries;
    private readonly bool _negate;

    /// <param name="negate">Whether a negator just before a phrase flips its weight ("not happy", 不开心).</param>
    public Lexicon(IEnumerable<(string Phrase, double Weight)> entries, bool negate)
    {
        _entries = entries
            .Select(e => (Phrase: TicketText.Normalise(e.Phrase), e.Weight))
            .Select(e => (e.Phrase, e.Weight, Latin: !e.Phrase.Any(TicketText.IsCjk)))
            .OrderByDescending(e => e.Phrase.Length)
            .ThenBy(e => e.Phrase, StringComparer.Ordinal)
            .ToArray();
        _negate = negate;
    }

    public List<LexiconHit> Match(string normalised)
    {
        var masked = normalised.ToCharArray();
        var hits = new List<LexiconHit>();
        foreach (var (phrase, weight, latin) in _entries)
        {
            var from = 0;
            while (from <= masked.Length - phrase.Length)
            {
                var at = masked.AsSpan(from).IndexOf(phrase.AsSpan());
                if (at < 0)
                {
                    break;
                }
                at += from;
                from = at + 1;
                if (latin && (IsWordChar(masked, at - 1) || IsWordChar(masked, at + phrase.Length)))
                {
                    continue;
                }
                var negated = _negate && Negated(masked, at, latin);
                hits.Add(new LexiconHit(phrase, negated ? -weight : weight, negated));
                Array.Fill(masked, '\0', at, phrase.Length);
                from = at + phrase.Length;
            }
        }
        return hits;
    }

    private static bool IsWordChar(char[] text, int index) =>
        index >= 0 && index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] is '\'' or '\u2019') && !TicketText.IsCjk(text[index]);

    /// <summary>A negator among the two words (English) or two characters (Chinese) before the phrase, within its clause.</summary>
    private static bool Negated(char[] text, int start, bool latin)
    {
        if (!latin)
        {
            for (var i = start - 1; i >= 0 && i >= start - 2 && !IsClauseBreak(text[i]); i--)
            {
                if (ChineseNegators.Contains(text[i].ToString()))
                {
                    return true;
                }
            }
            return false;
        }
        var clauseStart = start;
        while (clauseStart > 0 && !IsClauseBreak(text[clauseStart - 1]))
        {
            clauseStart--;
        }
        var words = new string(text, clauseStart, start - clauseStart).Replace('\u2019', '\'')
            .Split([' ', '\t', '\0'], StringSplitOptions.RemoveEmptyEntries);
        return words.TakeLast(2).Any(w => EnglishNegators.Contains(w) || w.EndsWith("n't", StringComparison.Ordinal));
    }

    private static bool IsClauseBreak(char c) => c is '.' or ',' or '!' or '?' or ';' or ':' or '\n' or '\r' or '、' or '。';
}
