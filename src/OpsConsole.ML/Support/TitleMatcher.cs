namespace OpsConsole.Support;

/// <summary>A catalogue item the extractor can recognise by its title.</summary>
public sealed record CatalogTitle(string Id, string Title);

/// <summary>A catalogue item a ticket refers to, with how surely (0–1; 1 is the whole title, spelled right).</summary>
public sealed record TitleMatch(string ItemId, string Title, double Score);

/// <summary>
/// Finds catalogue titles in ticket text, tolerating typos and partial titles in English and Chinese.
/// <para>
/// Titles and text are cut into tokens: English words, and single Chinese characters (Chinese has no spaces). A
/// token carries as much information as it has letters, a Chinese character two, a stopword none. An English word
/// also matches a word within one edit of it (two for words of eight letters or more, a swap of neighbours being
/// one edit), for the share of it that is right.
/// </para>
/// <para>
/// Each title is aligned locally with the text (Smith–Waterman over tokens): matching tokens gain their
/// information, a wrong character, a left-out title word or an extra word in the text cost a little, so the
/// alignment runs on through a typo ("深入浅出数据节构") or an inserted word but not across a sentence, and words
/// of a title scattered through a ticket ("go" … "practice") do not add up to it. When the alignment spans every
/// informative token of the title, the score is the share of the title's information matched. When it spans a
/// part only ("the Pandas course", "数据结构那门课"), the score is 0.5 plus half that share, but only if that
/// part occurs in at most <see cref="MaximumTitlesPerFragment"/> titles of the catalogue: a part shared by many
/// titles points to none of them.
/// </para>
/// <para>
/// A match must rest on at least four letters' worth of information, so "go" alone names no title. Matches
/// whose words lie inside the words of a better or longer match are dropped: once "Kubernetes in Practice" is
/// found whole, its "Kubernetes" does not also name "Kubernetes Bootcamp".
/// </para>
/// </summary>
public sealed class TitleMatcher
{
    /// <summary>A partial title found in more titles than this names none of them.</summary>
    public const int MaximumTitlesPerFragment = 3;

    private const double MinimumEvidence = 4;

    /// <summary>Cost of a text token inside an alignment that matches nothing in the title.</summary>
    private const double ExtraTokenCost = 1;

    /// <summary>Share of a title token's information an alignment pays for skipping or misspelling it (at least 0.5).</summary>
    private const double MissCostShare = 0.5;

    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "in", "on", "and", "or", "for", "to", "from", "with", "about", "by", "at", "vs",
    };

    private const char Separator = '\u0001';

    private readonly Entry[] _entries;

    public TitleMatcher(IEnumerable<CatalogTitle> catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        _entries = catalogue.Where(t => !string.IsNullOrWhiteSpace(t.Title))
            .Select(t =>
            {
                var tokens = Tokens(t.Title);
                return new Entry(t, tokens, Joined(tokens, 0, tokens.Length), tokens.Sum(Information));
            })
            .Where(e => e.Information > 0)
            .ToArray();
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
        var exact = textTokens.Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
        var textWords = textTokens.Where(t => !t.Cjk).Select(t => t.Text).Distinct(StringComparer.Ordinal).ToArray();
        var closeness = new Dictionary<(string, string), double>();
        var anyClose = new Dictionary<string, bool>(StringComparer.Ordinal);

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

        bool Present(Token titleToken)
        {
            if (exact.Contains(titleToken.Text))
            {
                return true;
            }
            if (titleToken.Cjk)
            {
                return false;
            }
            if (!anyClose.TryGetValue(titleToken.Text, out var close))
            {
                close = textWords.Any(w => Closeness(titleToken.Text, w) > 0);
                anyClose[titleToken.Text] = close;
            }
            return close;
        }

        var candidates = new List<(TitleMatch Match, int SpanStart, int SpanEnd)>();
        foreach (var entry in _entries)
        {
            // Most titles share no informative token with a ticket; they need no alignment.
            if (!entry.Tokens.Any(t => !t.Stop && Present(t)))
            {
                continue;
            }
            var (score, evidence, spanStart, spanEnd) = Align(entry, textTokens, Credit);
            if (score >= minimumScore && evidence >= MinimumEvidence)
            {
                candidates.Add((new TitleMatch(entry.Title.Id, entry.Title.Title, Math.Round(score, 4)), spanStart, spanEnd));
            }
        }
        var kept = new List<(TitleMatch Match, int SpanStart, int SpanEnd)>();
        // On a tie the longer title goes first: "Redis in Practice (2nd edition)" written out also holds "Redis in Practice".
        foreach (var candidate in candidates.OrderByDescending(c => c.Match.Score).ThenByDescending(c => c.SpanEnd - c.SpanStart).ThenByDescending(c => c.Match.Title.Length).ThenBy(c => c.Match.ItemId, StringComparer.Ordinal))
        {
            var explained = kept.Any(k =>
                k.SpanStart <= candidate.SpanStart && candidate.SpanEnd <= k.SpanEnd
                && (k.Match.Score > candidate.Match.Score || k.SpanEnd - k.SpanStart > candidate.SpanEnd - candidate.SpanStart));
            if (!explained)
            {
                kept.Add(candidate);
            }
        }
        return kept.Take(maximum).Select(k => k.Match).ToArray();
    }

    /// <returns>The title's score, the information it rests on, and the text tokens the alignment covers (end exclusive).</returns>
    private (double Score, double Evidence, int SpanStart, int SpanEnd) Align(Entry entry, Token[] text, Func<Token, Token, double> credit)
    {
        var title = entry.Tokens;
        var rows = title.Length + 1;
        var columns = text.Length + 1;
        // Alignment value, matched information and where the alignment began (title and text index), per cell.
        var value = new double[rows, columns];
        var matched = new double[rows, columns];
        var startTitle = new int[rows, columns];
        var startText = new int[rows, columns];
        var best = (Value: 0.0, I: 0, J: 0);
        for (var i = 1; i < rows; i++)
        {
            var token = title[i - 1];
            var info = Information(token);
            var miss = Math.Max(0.5, MissCostShare * info);
            for (var j = 1; j < columns; j++)
            {
                var c = credit(token, text[j - 1]);
                // Diagonal: this title token against this text token, matched or misspelt.
                var diagonal = c > 0 ? value[i - 1, j - 1] + c * info : value[i - 1, j - 1] - miss;
                var diagonalMatched = matched[i - 1, j - 1] + c * info;
                // Up: the title token is missing from the text. Left: an extra word in the text.
                var up = value[i - 1, j] - miss;
                var left = value[i, j - 1] - ExtraTokenCost;
                var cell = Math.Max(Math.Max(diagonal, up), Math.Max(left, 0));
                if (cell <= 0)
                {
                    value[i, j] = 0;
                    matched[i, j] = 0;
                    startTitle[i, j] = i;
                    startText[i, j] = j;
                    continue;
                }
                value[i, j] = cell;
                if (cell == diagonal)
                {
                    var fresh = value[i - 1, j - 1] <= 0;
                    matched[i, j] = fresh ? c * info : diagonalMatched;
                    startTitle[i, j] = fresh ? i - 1 : startTitle[i - 1, j - 1];
                    startText[i, j] = fresh ? j - 1 : startText[i - 1, j - 1];
                }
                else if (cell == up)
                {
                    matched[i, j] = matched[i - 1, j];
                    startTitle[i, j] = startTitle[i - 1, j];
                    startText[i, j] = startText[i - 1, j];
                }
                else
                {
                    matched[i, j] = matched[i, j - 1];
                    startTitle[i, j] = startTitle[i, j - 1];
                    startText[i, j] = startText[i, j - 1];
                }
                if (cell > best.Value)
                {
                    best = (cell, i, j);
                }
            }
        }
        if (best.Value <= 0)
        {
            return default;
        }
        var from = startTitle[best.I, best.J];
        var to = best.I;
        var evidence = matched[best.I, best.J];
        var share = evidence / entry.Information;
        var spanStart = startText[best.I, best.J];
        var spanEnd = best.J;
        var whole = title.Take(from).Concat(title.Skip(to)).All(t => Information(t) == 0);
        if (whole)
        {
            return (share, evidence, spanStart, spanEnd);
        }
        // The part of the title the text gave, without stopwords at its edges, and how many titles hold it.
        while (from < to && title[from].Stop)
        {
            from++;
        }
        while (to > from && title[to - 1].Stop)
        {
            to--;
        }
        var piece = Joined(title, from, to - from);
        var naming = _entries.Count(e => e.Joined.Contains(piece, StringComparison.Ordinal));
        return naming <= MaximumTitlesPerFragment ? (0.5 + 0.5 * share, evidence, spanStart, spanEnd) : default;
    }

    /// <summary>How close two English words are: 1 − edits / length within the allowance, else 0.</summary>
    private static double Closeness(string titleWord, string textWord)
    {
        var allowed = titleWord.Length >= 8 ? 2 : titleWord.Length >= 4 ? 1 : 0;
        if (allowed == 0 || Math.Abs(titleWord.Length - textWord.Length) > allowed || titleWord == textWord)
        {
            return titleWord == textWord ? 1 : 0;
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
            if (limit < int.MaxValue && rowMin > limit + 1)
            {
                return limit + 1;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }

    /// <summary>Letters' worth of information in a token: a Chinese character about two, a stopword none.</summary>
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

    private static string Joined(Token[] tokens, int start, int length) =>
        Separator + string.Join(Separator, tokens.Skip(start).Take(length).Select(t => t.Text)) + Separator;

    private readonly record struct Token(string Text, bool Cjk, bool Stop);

    private sealed record Entry(CatalogTitle Title, Token[] Tokens, string Joined, double Information);
}
