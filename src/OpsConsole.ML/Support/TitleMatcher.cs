namespace OpsConsole.Support;

/// <summary>A catalogue item the extractor can recognise by its title.</summary>
public sealed record CatalogTitle(string Id, string Title);

/// <summary>A catalogue item a ticket refers to, with how surely (0–1; 1 is the whole title, spelled right).</summary>
public sealed record TitleMatch(string ItemId, string Title, double Score);

/// <summary>
/// Finds catalogue titles in ticket text, tolerating typos and partial titles in English and Chinese. Titles and
/// text are cut into tokens: English words, and single Chinese characters (Chinese has no spaces). An English word
/// also matches a word within one edit of it (two for words of eight letters or more, a swap of neighbours being
/// one edit), counting for as much as it is close. Each title gets the better of two scores:
/// <list type="bullet">
/// <item>Coverage: the share of the title found anywhere in the text, each word and character pair weighted by
/// how rare it is across the catalogue, so the words a family of titles shares ("in Practice", 实战课) count little
/// and the subject ("Kubernetes", 数据结构) counts most. This finds whole titles, misspelt or reordered.</item>
/// <item>Fragment: the longest run of the title's tokens found in a row in the text. The whole title scores its
/// (typo-discounted) share; a part scores 0.5 + half its share, but only when that part names at most
/// <see cref="MaximumTitlesPerFragment"/> titles of the catalogue: "the Pandas course" names one, "practice" many.</item>
/// </list>
/// A match must rest on at least four letters (a Chinese character counts two): "go" names no title by itself.
/// </summary>
public sealed class TitleMatcher
{
    /// <summary>A partial title that fits more titles than this does not point to any of them.</summary>
    public const int MaximumTitlesPerFragment = 3;

    private const double MinimumEvidence = 4;

    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "in", "on", "and", "or", "for", "to", "from", "with", "about", "by", "at", "vs",
    };

    private const char Separator = '\u0001';

    private readonly Entry[] _entries;

    public TitleMatcher(IEnumerable<CatalogTitle> catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var titles = catalogue.Where(t => !string.IsNullOrWhiteSpace(t.Title)).ToArray();
        var tokens = titles.Select(t => Tokens(t.Title)).ToArray();
        var terms = tokens.Select(CoverageTerms).ToArray();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var set in terms)
        {
            foreach (var term in set)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }
        _entries = new Entry[titles.Length];
        for (var i = 0; i < titles.Length; i++)
        {
            var weighted = terms[i].Select(term => (term, Math.Log(1 + (double)titles.Length / documentFrequency[term]))).ToArray();
            _entries[i] = new Entry(titles[i], tokens[i], Joined(tokens[i], 0, tokens[i].Length), weighted, weighted.Sum(t => t.Item2), tokens[i].Sum(Information));
        }
    }

    public int Count => _entries.Length;

    /// <summary>Titles scoring at least <paramref name="minimumScore"/>, best first.</summary>
    public IReadOnlyList<TitleMatch> Match(string text, double minimumScore = 0.6, int maximum = 3)
    {
        if (string.IsNullOrWhiteSpace(text) || _entries.Length == 0)
        {
            return [];
        }
        var textTokens = Tokens(text);
        var textTerms = CoverageTerms(textTokens);
        var textWords = textTokens.Where(t => !t.Cjk).Select(t => t.Text).Distinct(StringComparer.Ordinal).ToArray();
        var closeness = new Dictionary<(string, string), double>();
        double Credit(Token titleToken, Token textToken)
        {
            if (titleToken.Text == textToken.Text)
            {
                return 1;
            }
            if (titleToken.Cjk || textToken.Cjk)
            {
                return 0;
            }
            if (!closeness.TryGetValue((titleToken.Text, textToken.Text), out var value))
            {
                value = Closeness(titleToken.Text, textToken.Text);
                closeness[(titleToken.Text, textToken.Text)] = value;
            }
            return value;
        }

        var candidates = new List<(TitleMatch Match, int SpanStart, int SpanEnd)>();
        foreach (var entry in _entries)
        {
            if (entry.Information <= 0)
            {
                continue;
            }
            var coverage = Coverage(entry, textTerms, textWords, Credit);
            // Without a single word or pair of the title in the text, no run of it can be there either.
            var fragment = coverage.Score > 0 ? Fragment(entry, textTokens, Credit) : default;
            var byFragment = fragment.Score > coverage.Score;
            var score = byFragment ? fragment.Score : coverage.Score;
            var evidence = byFragment ? fragment.Evidence : coverage.Evidence;
            if (score >= minimumScore && evidence >= MinimumEvidence)
            {
                candidates.Add((new TitleMatch(entry.Title.Id, entry.Title.Title, Math.Round(score, 4)), byFragment ? fragment.SpanStart : -1, byFragment ? fragment.SpanEnd : -1));
            }
        }
        // Words that a better match already explains name nothing else: once "Kubernetes in Practice" is found
        // whole, its "Kubernetes" does not also point to "Kubernetes Bootcamp".
        var kept = new List<(TitleMatch Match, int SpanStart, int SpanEnd)>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Match.Score).ThenBy(c => c.Match.Title.Length).ThenBy(c => c.Match.ItemId, StringComparer.Ordinal))
        {
            var explained = candidate.SpanStart >= 0 && kept.Any(k =>
                k.SpanStart >= 0 && k.Match.Score > candidate.Match.Score && k.SpanStart <= candidate.SpanStart && candidate.SpanEnd <= k.SpanEnd);
            if (!explained)
            {
                kept.Add(candidate);
            }
        }
        return kept.Take(maximum).Select(k => k.Match).ToArray();
    }

    private static (double Score, double Evidence) Coverage(Entry entry, HashSet<string> textTerms, string[] textWords, Func<Token, Token, double> credit)
    {
        var found = 0.0;
        var evidence = 0.0;
        foreach (var (term, weight) in entry.Terms)
        {
            var value = textTerms.Contains(term) ? 1.0 : 0.0;
            if (value == 0 && term[0] != Separator)
            {
                var titleWord = new Token(term, false, false);
                value = textWords.Select(w => credit(titleWord, new Token(w, false, false))).DefaultIfEmpty(0).Max();
            }
            found += weight * value;
            // A Chinese pair is written with a leading separator and rests on its two characters.
            evidence += value * (term[0] == Separator ? 2 : term.Length);
        }
        return (entry.TotalWeight > 0 ? found / entry.TotalWeight : 0, evidence);
    }

    /// <returns>The score, the information it rests on and the text tokens it covers (end exclusive).</returns>
    private (double Score, double Evidence, int SpanStart, int SpanEnd) Fragment(Entry entry, Token[] text, Func<Token, Token, double> credit)
    {
        var title = entry.Tokens;
        // Row by row over the title: the length and credit-weighted information of the run of matching tokens
        // ending at title token i and text token j.
        var previousLength = new int[text.Length + 1];
        var previousInfo = new double[text.Length + 1];
        var currentLength = new int[text.Length + 1];
        var currentInfo = new double[text.Length + 1];
        var bestInfo = 0.0;
        var bestStart = 0;
        var bestLength = 0;
        var bestEnd = 0;
        for (var i = 1; i <= title.Length; i++)
        {
            for (var j = 1; j <= text.Length; j++)
            {
                var c = credit(title[i - 1], text[j - 1]);
                if (c > 0)
                {
                    currentLength[j] = previousLength[j - 1] + 1;
                    currentInfo[j] = previousInfo[j - 1] + c * Information(title[i - 1]);
                    if (currentInfo[j] > bestInfo)
                    {
                        bestInfo = currentInfo[j];
                        bestLength = currentLength[j];
                        bestStart = i - bestLength;
                        bestEnd = j;
                    }
                }
                else
                {
                    currentLength[j] = 0;
                    currentInfo[j] = 0;
                }
            }
            (previousLength, currentLength) = (currentLength, previousLength);
            (previousInfo, currentInfo) = (currentInfo, previousInfo);
        }
        if (bestLength == 0)
        {
            return default;
        }
        var share = bestInfo / entry.Information;
        if (bestLength == title.Length)
        {
            return (share, bestInfo, bestEnd - bestLength, bestEnd);
        }
        var piece = Joined(title, bestStart, bestLength);
        var naming = _entries.Count(e => e.Joined.Contains(piece, StringComparison.Ordinal));
        return naming <= MaximumTitlesPerFragment ? (0.5 + 0.5 * share, bestInfo, bestEnd - bestLength, bestEnd) : default;
    }

    /// <summary>How close two English words are: 1 − edits / length within the allowance, else 0.</summary>
    private static double Closeness(string titleWord, string textWord)
    {
        var allowed = titleWord.Length >= 8 ? 2 : titleWord.Length >= 4 ? 1 : 0;
        if (allowed == 0 || Math.Abs(titleWord.Length - textWord.Length) > allowed)
        {
            return 0;
        }
        var distance = EditDistance(titleWord, textWord, allowed);
        return distance <= allowed ? 1 - (double)distance / titleWord.Length : 0;
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus swaps of neighbours), giving up past <paramref name="limit"/>.</summary>
    internal static int EditDistance(string a, string b, int limit = int.MaxValue)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > limit + 1)
            {
                return limit + 1;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }

    /// <summary>Letters a token stands for; a Chinese character carries about two letters' worth, a stopword none.</summary>
    private static double Information(Token token) => token.Stop ? 0 : token.Cjk ? 2 : token.Text.Length;

    private static Token[] Tokens(string text)
    {
        var tokens = new List<Token>();
        foreach (var run in TicketText.Runs(TicketText.Normalise(text)))
        {
            if (run.Cjk)
            {
                tokens.AddRange(run.Text.Select(c => new Token(c.ToString(), true, false)));
            }
            else
            {
                var word = run.Text.Replace('\u2019', '\'');
                tokens.Add(new Token(word, false, Stopwords.Contains(word)));
            }
        }
        return [.. tokens];
    }

    /// <summary>English words (no stopwords) and Chinese character pairs (or a lone character), for coverage.</summary>
    private static HashSet<string> CoverageTerms(Token[] tokens)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (!token.Cjk)
            {
                if (!token.Stop)
                {
                    terms.Add(token.Text);
                }
                continue;
            }
            var pairs = i + 1 < tokens.Length && tokens[i + 1].Cjk;
            var alone = (i == 0 || !tokens[i - 1].Cjk) && !pairs;
            if (pairs)
            {
                terms.Add(Separator + token.Text + tokens[i + 1].Text);
            }
            else if (alone)
            {
                terms.Add(Separator + token.Text + Separator);
            }
        }
        return terms;
    }

    private static string Joined(Token[] tokens, int start, int length) =>
        Separator + string.Join(Separator, tokens.Skip(start).Take(length).Select(t => t.Text)) + Separator;

    private readonly record struct Token(string Text, bool Cjk, bool Stop);

    private sealed record Entry(CatalogTitle Title, Token[] Tokens, string Joined, (string Term, double Weight)[] Terms, double TotalWeight, double Information);
}
