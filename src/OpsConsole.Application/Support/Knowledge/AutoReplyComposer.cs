using System.Text;
using System.Text.RegularExpressions;

namespace OpsConsole.Support;

/// <summary>
/// The automated first reply a learner receives, and how their answer to it is read. The reply says plainly that
/// it was chosen automatically and how to reach a person: replying "agent" (English) or "人工" (Chinese).
/// </summary>
public static partial class AutoReplyComposer
{
    /// <summary>What a learner replies to reach a person, per language, as the reply tells them.</summary>
    public static string HumanKeyword(string language) => KnowledgeCodes.Language(language) == "zh" ? "人工" : "agent";

    /// <summary>
    /// The body of the <see cref="MessageKind.Automated"/> message: a marked header, the article's title and body, and
    /// how to ask for a person. Written in the ticket's language; an article too long for one message is cut
    /// with a note, so the footer is always there.
    /// </summary>
    public static string Compose(IndexedArticle article, string language) => Compose(article.Title, article.Body, language);

    public static string Compose(string title, string body, string language)
    {
        var zh = KnowledgeCodes.Language(language) == "zh";
        var header = zh
            ? "【自动回复】这条回复由系统根据您的问题从帮助中心自动选出，并非人工客服撰写。"
            : "[Automated reply] This answer was picked automatically from our help centre; it was not written by a person.";
        var footer = zh
            ? "如果没有解决您的问题，请直接回复“人工”，客服同事会尽快接手。"
            : "If this does not solve your problem, reply \"agent\" and a member of our support team will take over.";
        var cut = zh ? "……（全文较长，请在帮助中心查看）" : "… (the full article is longer; see the help centre)";
        var fixedLength = header.Length + title.Length + footer.Length + 8;
        var room = TicketMessage.BodyMaxLength - fixedLength;
        var text = body.Trim();
        if (text.Length > room)
        {
            text = text[..Math.Max(0, room - cut.Length)].TrimEnd() + cut;
        }
        return new StringBuilder(header).Append("\n\n").Append(title.Trim()).Append("\n\n").Append(text).Append("\n\n").Append(footer).ToString();
    }

    /// <summary>
    /// Whether a learner's reply asks for a person. A message that is only a request word ("agent", "human",
    /// "人工", "客服", with "please"/"请" and punctuation around it) counts, and so does a clear phrase anywhere
    /// ("talk to a human", "speak with an agent", "real person", "转人工", "人工客服"). A word that merely
    /// appears in a longer message does not: "my travel agent" or "人工智能" (artificial intelligence) are not requests.
    /// </summary>
    public static bool IsHumanRequest(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var normalised = TicketText.Normalise(text).Replace("人工智能", " ", StringComparison.Ordinal);
        if (Phrase().IsMatch(normalised) || ChinesePhrase().IsMatch(normalised))
        {
            return true;
        }
        var words = TicketText.Runs(normalised).Select(r => r.Cjk ? TrimChinesePoliteness(r.Text) : r.Text)
            .Where(w => w.Length > 0 && !Politeness.Contains(w)).ToList();
        return words.Count is > 0 and <= 3 && Keywords.Contains(string.Join(' ', words));
    }

    /// <summary>Chinese has no spaces, so "请人工" or "人工谢谢" arrive as one run: politeness is cut from its ends.</summary>
    private static string TrimChinesePoliteness(string run)
    {
        var trimmed = true;
        while (trimmed)
        {
            trimmed = false;
            foreach (var word in ChinesePoliteness)
            {
                if (run.Length > word.Length && run.StartsWith(word, StringComparison.Ordinal))
                {
                    run = run[word.Length..];
                    trimmed = true;
                }
                if (run.Length > word.Length && run.EndsWith(word, StringComparison.Ordinal))
                {
                    run = run[..^word.Length];
                    trimmed = true;
                }
            }
        }
        return run;
    }

    private static readonly string[] ChinesePoliteness = ["你好", "您好", "麻烦", "谢谢", "请", "吧", "啊", "呀", "哦"];

    /// <summary>Whole-message requests, once politeness is taken away.</summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "agent", "human", "person", "a person", "a human", "an agent", "human agent", "live agent", "real person", "representative", "operator",
        "support agent", "real agent", "staff", "someone", "人工", "转人工", "人工客服", "客服", "真人", "找客服", "人工服务", "要人工", "我要人工",
        "转人工客服", "找人工", "要客服", "联系客服",
    };

    /// <summary>Words around a request that do not change it.</summary>
    private static readonly HashSet<string> Politeness = new(StringComparer.Ordinal)
    {
        "please", "pls", "plz", "i", "want", "need", "an", "the", "thanks", "thank", "you", "ok", "hi", "hello", "请", "谢谢", "你好", "您好", "麻烦",
    };

    [GeneratedRegex(@"\b(talk|speak|chat)\s+(to|with)\s+(a|an|the|some|your)?\s*(real\s+|live\s+|human\s+|support\s+)?(human|person|agent|someone|representative|staff|people)\b|\breal\s+(human|person)\b|\b(human|live)\s+agent\b|\bnot\s+a\s+(bot|robot)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Phrase();

    [GeneratedRegex("转人工|人工客服|人工服务|找人工|要人工|真人客服|联系客服|找客服|转客服")]
    private static partial Regex ChinesePhrase();
}
