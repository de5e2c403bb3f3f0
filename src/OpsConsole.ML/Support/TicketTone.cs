namespace OpsConsole.Support;

public enum Sentiment
{
    Negative = -1,
    Neutral = 0,
    Positive = 1,
}

/// <summary>Named like the ticket priorities, so a router can map one to the other.</summary>
public enum Urgency
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

/// <param name="Polarity">From -1 (all negative cues) to 1 (all positive).</param>
/// <param name="Cues">The phrases that decided it, so an agent can see why.</param>
public sealed record SentimentResult(Sentiment Label, double Polarity, double Confidence, IReadOnlyList<LexiconHit> Cues);

/// <param name="Score">Sum of the cue weights; negative leans towards low urgency.</param>
public sealed record UrgencyResult(Urgency Level, double Score, double Confidence, IReadOnlyList<LexiconHit> Cues);

/// <summary>
/// Sentiment and urgency from weighted English and Chinese phrase lists: transparent (the cues are returned),
/// instant, and needing no labelled data. Sentiment is the writer's tone, not the problem reported: "charged
/// twice" is a fact, "ridiculous" is a feeling. A negator just before a sentiment phrase flips it ("not happy",
/// 不满意). Polarity is (positive − negative) / (positive + negative + 1): one pseudo-count keeps a lone mild cue
/// from reading as certain. Urgency adds explicit requests (urgent, 尽快), blocked access, money taken, time
/// pressure and repeated exclamation marks, and subtracts explicit calm (no rush, 不急).
/// </summary>
public static class TicketTone
{
    /// <summary>
    /// Polarity beyond which a text is called positive or negative; set so that a lone "thanks" (a courtesy,
    /// weight 0.5, polarity 0.33) stays neutral.
    /// </summary>
    public const double PolarityThreshold = 0.35;

    private static readonly Lexicon SentimentLexicon = new(
    [
        // English, negative
        ("angry", -2), ("furious", -3), ("terrible", -2), ("horrible", -2), ("awful", -2), ("worst", -2.5),
        ("disappointed", -1.5), ("disappointing", -1.5), ("unacceptable", -2.5), ("ridiculous", -2), ("frustrated", -1.5),
        ("frustrating", -1.5), ("annoyed", -1.5), ("annoying", -1.5), ("useless", -2), ("rubbish", -2), ("garbage", -2),
        ("scam", -3), ("fraud", -3), ("cheated", -2.5), ("rip-off", -2.5), ("ripoff", -2.5), ("waste of money", -2),
        ("waste of time", -1.5), ("hate", -2), ("sick of", -2), ("fed up", -2), ("poor", -1), ("bad", -1), ("unhappy", -1.5),
        ("upset", -1.5), ("complaint", -1), ("never again", -2), ("disgusting", -2.5), ("incompetent", -2.5), ("lousy", -2),
        ("shameful", -2), ("outrageous", -2.5), ("pathetic", -2.5),
        // English, positive
        ("thanks", 0.5), ("thank you", 0.5), ("appreciate", 1), ("appreciated", 1), ("great", 1.5), ("excellent", 2),
        ("love", 1.5), ("awesome", 2), ("amazing", 2), ("happy", 1.5), ("glad", 1), ("helpful", 1.5), ("perfect", 1.5),
        ("good", 1), ("nice", 1), ("wonderful", 2), ("satisfied", 1.5), ("well done", 1.5), ("brilliant", 2), ("enjoy", 1),
        ("enjoyed", 1), ("fantastic", 2),
        // Chinese, negative
        ("生气", -2), ("愤怒", -3), ("气死", -3), ("失望", -1.5), ("太失望", -2), ("垃圾", -2.5), ("太差", -2), ("很差", -2),
        ("差劲", -2), ("骗子", -3), ("骗钱", -3), ("欺骗", -2.5), ("坑人", -2.5), ("投诉", -1.5), ("无语", -1.5), ("离谱", -2),
        ("恶心", -2.5), ("不满", -1.5), ("不满意", -1.5), ("烦死", -2), ("崩溃", -1.5), ("差评", -2), ("忍无可忍", -3),
        ("浪费时间", -1.5), ("浪费钱", -2), ("糟糕", -2), ("后悔", -1.5), ("什么破", -2), ("太坑", -2.5),
        // Chinese, positive
        ("谢谢", 0.5), ("感谢", 0.5), ("多谢", 0.5), ("辛苦了", 0.5), ("满意", 1.5), ("喜欢", 1.5), ("很好", 1.5),
        ("非常好", 2), ("不错", 1), ("很棒", 2), ("好评", 2), ("给力", 1.5), ("开心", 1.5), ("高兴", 1.5), ("有帮助", 1.5),
        ("优秀", 1.5), ("点赞", 1.5),
    ], negate: true);

    private static readonly Lexicon UrgencyLexicon = new(
    [
        // Explicit requests
        ("urgent", 2), ("urgently", 2), ("asap", 2), ("as soon as possible", 1.5), ("emergency", 2), ("immediately", 1.5),
        ("right now", 1.5), ("right away", 1.5), ("critical", 1.5), ("紧急", 2), ("加急", 2), ("急", 1.5), ("着急", 1.5),
        ("十万火急", 3), ("在线等", 2), ("马上", 1.5), ("立刻", 1.5), ("立即", 1.5), ("尽快", 1), ("赶紧", 1.5),
        // Time pressure
        ("deadline", 1), ("today", 0.5), ("tonight", 1), ("by tomorrow", 1), ("exam", 0.5), ("interview", 0.5),
        ("今天", 0.5), ("今晚", 1), ("截止", 1), ("考试", 0.5), ("面试", 0.5),
        // Waiting, repeating
        ("still waiting", 1), ("third time", 1), ("again and again", 1), ("no reply", 1), ("no response", 1),
        ("还没有回复", 1), ("一直没人", 1), ("第三次", 1), ("多次", 0.5),
        // Money taken, access blocked
        ("charged twice", 1), ("double charged", 1), ("unauthorized", 1.5), ("unauthorised", 1.5), ("fraud", 1.5),
        ("money has left", 1), ("can't log in", 1), ("cannot log in", 1), ("can't login", 1), ("locked out", 1),
        ("can't access", 1), ("cannot access", 1), ("lost access", 1),
        ("扣了两次", 1), ("重复扣款", 1), ("盗刷", 2), ("被盗", 2), ("钱已经扣了", 1), ("登录不了", 1), ("登不上", 1),
        ("无法登录", 1), ("看不了", 1),
        // Explicit calm
        ("no rush", -2), ("not urgent", -2), ("no hurry", -2), ("low priority", -2), ("whenever", -1),
        ("when you have time", -1.5), ("when you get a chance", -1.5), ("just curious", -1), ("just wondering", -1),
        ("suggestion", -1), ("不急", -2), ("不着急", -2), ("有空", -1), ("方便的时候", -1.5), ("顺便问", -1), ("建议", -1),
        ("好奇", -1), ("随便问问", -1),
    ], negate: false);

    // Bands of the urgency score: below -0.75 low, below 1 normal, below 2.5 high, else urgent.
    private static readonly double[] UrgencyBounds = [-0.75, 1, 2.5];

    public static SentimentResult DetectSentiment(string? text)
    {
        var (normalised, original) = Prepare(text);
        var cues = SentimentLexicon.Match(normalised);
        if (Shouting(original))
        {
            cues.Add(new LexiconHit("(capitals)", -1, false));
        }
        var positive = cues.Where(c => c.Weight > 0).Sum(c => c.Weight);
        var negative = -cues.Where(c => c.Weight < 0).Sum(c => c.Weight);
        if (RepeatedExclamation(normalised))
        {
            // Emphasis strengthens whichever way the text already leans.
            if (negative > positive)
            {
                negative *= 1.25;
            }
            else if (positive > negative)
            {
                positive *= 1.25;
            }
        }
        var polarity = (positive - negative) / (positive + negative + 1);
        var label = polarity >= PolarityThreshold ? Support.Sentiment.Positive
            : polarity <= -PolarityThreshold ? Support.Sentiment.Negative
            : Support.Sentiment.Neutral;
        // A polar call is as sure as it is strong; a neutral one is never fully sure, since feelings can be
        // worded outside any list, and less so as it nears a threshold.
        var confidence = label == Support.Sentiment.Neutral ? 0.7 - 0.2 * Math.Abs(polarity) / PolarityThreshold : 0.5 + 0.5 * Math.Abs(polarity);
        return new SentimentResult(label, Math.Round(polarity, 4), Math.Round(confidence, 4), cues);
    }

    /// <param name="sentiment">The text's sentiment when already known; a negative tone adds to urgency.</param>
    public static UrgencyResult DetectUrgency(string? text, SentimentResult? sentiment = null)
    {
        var (normalised, original) = Prepare(text);
        var cues = UrgencyLexicon.Match(normalised);
        if (RepeatedExclamation(normalised))
        {
            cues.Add(new LexiconHit("!!", 0.5, false));
        }
        if (Shouting(original))
        {
            cues.Add(new LexiconHit("(capitals)", 0.5, false));
        }
        sentiment ??= DetectSentiment(text);
        if (sentiment.Label == Support.Sentiment.Negative)
        {
            cues.Add(new LexiconHit("(negative tone)", 0.5, false));
        }
        var score = cues.Sum(c => c.Weight);
        var band = UrgencyBounds.Count(bound => score >= bound);
        var lower = band == 0 ? double.NegativeInfinity : UrgencyBounds[band - 1];
        var upper = band == UrgencyBounds.Length ? double.PositiveInfinity : UrgencyBounds[band];
        var margin = Math.Min(score - lower, upper - score);
        // Half-sure on a band boundary, approaching certainty a few cue-weights inside it.
        var confidence = 0.5 + 0.5 * (1 - Math.Exp(-margin));
        return new UrgencyResult((Support.Urgency)band, Math.Round(score, 4), Math.Round(confidence, 4), cues);
    }

    private static (string Normalised, string Original) Prepare(string? text) =>
        string.IsNullOrEmpty(text) ? ("", "") : (TicketText.Normalise(text), text.Normalize(System.Text.NormalizationForm.FormKC));

    private static bool RepeatedExclamation(string normalised) => normalised.Contains("!!", StringComparison.Ordinal);

    /// <summary>Two or more words of four or more capitals: acronyms are shorter, shouting is not.</summary>
    private static bool Shouting(string original) =>
        TicketText.Runs(original).Count(r => !r.Cjk && r.Text.Length >= 4 && r.Text.All(char.IsUpper)) >= 2;
}
