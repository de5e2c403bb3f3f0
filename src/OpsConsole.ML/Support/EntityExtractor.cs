using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsConsole.Support;

/// <summary>An amount of money named in a ticket; Currency is an ISO-4217 code.</summary>
public sealed record MoneyMention(decimal Amount, string Currency, string Text);

/// <summary>A calendar date named in a ticket; Relative when it was "yesterday", 三天前 and the like.</summary>
public sealed record DateMention(DateOnly Date, string Text, bool Relative);

/// <summary>Everything the extractor found in one ticket, each list in order of appearance (titles best first).</summary>
public sealed record TicketEntities(
    IReadOnlyList<string> OrderIds,
    IReadOnlyList<TitleMatch> Titles,
    IReadOnlyList<string> Emails,
    IReadOnlyList<MoneyMention> Amounts,
    IReadOnlyList<DateMention> Dates);

public sealed record EntityExtractorOptions
{
    /// <summary>
    /// The shape of an order id when it stands without the word "order" (or 订单) before it: the platform's order
    /// ids are its purchase event ids, such as <c>demo-10234</c>. Matched case-insensitively, as a whole token.
    /// After "order" or 订单 any token with a digit is taken.
    /// </summary>
    public string OrderIdPattern { get; init; } = @"[a-z]{2,12}-\d{3,}";

    /// <summary>Least title score (<see cref="TitleMatch.Score"/>) reported.</summary>
    public double MinimumTitleScore { get; init; } = 0.6;

    public int MaximumTitles { get; init; } = 3;
}

/// <summary>
/// Pulls what an agent needs to look up out of a ticket: order ids, catalogue titles (<see cref="TitleMatcher"/>),
/// emails, amounts (¥, CNY, RMB, 元, 块, $, USD, dollars) and dates (ISO, 2026年3月5日, 3月5日, "March 5",
/// "5th of March", and relative ones: today, yesterday, the day before yesterday, N days or weeks ago, 今天, 昨天,
/// 前天, 大前天, N天前, N周前). A date without a year is taken as the latest such date not after the reference
/// day, since tickets tell of what already happened. Ambiguous numeric forms such as 3/5 are left alone.
/// </summary>
public sealed partial class EntityExtractor
{
    private readonly TitleMatcher _titles;
    private readonly EntityExtractorOptions _options;
    private readonly Regex _standaloneOrder;

    public EntityExtractor(IEnumerable<CatalogTitle> catalogue, EntityExtractorOptions? options = null)
    {
        _titles = new TitleMatcher(catalogue);
        _options = options ?? new EntityExtractorOptions();
        _standaloneOrder = new Regex($@"(?<![\w-])(?:{_options.OrderIdPattern})(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <param name="today">The day the ticket was written, in the platform's time zone; relative dates count from it.</param>
    public TicketEntities Extract(string? text, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new TicketEntities([], [], [], [], []);
        }
        // Full-width digits, letters, ￥ and ：become their ASCII forms; case is kept for ids and emails.
        var normalised = text.Normalize(System.Text.NormalizationForm.FormKC);
        var emails = Email().Matches(normalised).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        // Emails hold digits and dashes that would otherwise read as ids and amounts.
        var rest = Email().Replace(normalised, m => new string(' ', m.Length));
        return new TicketEntities(
            OrderIds(rest),
            _titles.Match(rest, _options.MinimumTitleScore, _options.MaximumTitles),
            emails,
            Amounts(rest),
            Dates(rest, today));
    }

    private string[] OrderIds(string text)
    {
        var found = new List<(int At, string Id)>();
        foreach (Match m in KeywordOrder().Matches(text))
        {
            var id = m.Groups["id"];
            if (id.Value.Any(char.IsDigit))
            {
                found.Add((id.Index, id.Value));
            }
        }
        foreach (Match m in _standaloneOrder.Matches(text))
        {
            found.Add((m.Index, m.Value));
        }
        return found.OrderBy(f => f.At).Select(f => f.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static MoneyMention[] Amounts(string text)
    {
        var amounts = new List<MoneyMention>();
        foreach (Match m in Money().Matches(text))
        {
            var prefix = m.Groups["pre"];
            var suffix = m.Groups["suf"];
            if (!prefix.Success && !suffix.Success)
            {
                continue;
            }
            var number = m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal);
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                continue;
            }
            var currency = Currency(prefix.Success ? prefix.Value : suffix.Value);
            amounts.Add(new MoneyMention(amount, currency, m.Value.Trim()));
        }
        return [.. amounts];
    }

    private static string Currency(string marker) => marker.Trim().ToLowerInvariant() switch
    {
        "$" or "us$" or "usd" or "dollar" or "dollars" or "美元" or "美金" => "USD",
        _ => "CNY",
    };

    private static DateMention[] Dates(string text, DateOnly today)
    {
        var candidates = new List<(int At, int Length, DateMention Mention)>();
        void Add(Match m, DateOnly? date, bool relative)
        {
            if (date is { } d)
            {
                candidates.Add((m.Index, m.Length, new DateMention(d, m.Value.Trim(), relative)));
            }
        }
        foreach (Match m in IsoDate().Matches(text))
        {
            Add(m, MakeDate(Int(m, "y"), Int(m, "m"), Int(m, "d")), false);
        }
        foreach (Match m in ChineseDate().Matches(text))
        {
            var month = Int(m, "m");
            var day = Int(m, "d");
            Add(m, m.Groups["y"].Success ? MakeDate(Int(m, "y"), month, day) : Latest(today, month, day), false);
        }
        foreach (Match m in EnglishMonthDay().Matches(text))
        {
            Add(m, EnglishDate(m, today), false);
        }
        foreach (Match m in EnglishDayMonth().Matches(text))
        {
            Add(m, EnglishDate(m, today), false);
        }
        foreach (Match m in RelativeDay().Matches(text))
        {
            var offset = m.Value.Trim().ToLowerInvariant() switch
            {
                "today" or "今天" or "今日" => 0,
                "tomorrow" or "明天" => 1,
                "the day before yesterday" or "前天" => -2,
                "大前天" => -3,
                _ => -1, // yesterday, last night, 昨天, 昨日, 昨晚
            };
            Add(m, today.AddDays(offset), true);
        }
        foreach (Match m in RelativeAgo().Matches(text))
        {
            if (Count(m.Groups["n"].Value) is not { } n || n > 3660)
            {
                continue;
            }
            var unit = m.Groups["unit"].Value.ToLowerInvariant();
            var days = unit.StartsWith("week", StringComparison.Ordinal) || unit is "周" or "星期" or "礼拜" ? n * 7 : n;
            Add(m, today.AddDays(-days), true);
        }
        // Where forms overlap (前天 inside 大前天, a Chinese date inside an ISO one) the longest reading wins.
        var taken = new List<(int At, int Length, DateMention Mention)>();
        foreach (var c in candidates.OrderByDescending(c => c.Length).ThenBy(c => c.At))
        {
            if (!taken.Any(t => c.At < t.At + t.Length && t.At < c.At + c.Length))
            {
                taken.Add(c);
            }
        }
        return taken.OrderBy(t => t.At).Select(t => t.Mention).ToArray();
    }

    private static DateOnly? EnglishDate(Match m, DateOnly today)
    {
        var month = Array.FindIndex(Months, name => m.Groups["mon"].Value.StartsWith(name, StringComparison.OrdinalIgnoreCase)) + 1;
        var day = Int(m, "d");
        return m.Groups["y"].Success ? MakeDate(Int(m, "y"), month, day) : Latest(today, month, day);
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static DateOnly? MakeDate(int year, int month, int day) =>
        year is >= 1900 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    /// <summary>The latest month/day on or before <paramref name="today"/>.</summary>
    private static DateOnly? Latest(DateOnly today, int month, int day)
    {
        for (var year = today.Year; year >= today.Year - 4; year--)
        {
            if (MakeDate(year, month, day) is { } date && date <= today)
            {
                return date;
            }
        }
        return null;
    }

    /// <summary>A count in digits, English words or Chinese numerals up to 99.</summary>
    internal static int? Count(string text)
    {
        text = text.Trim().ToLowerInvariant();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        var english = Array.IndexOf(EnglishNumbers, text);
        if (english >= 0)
        {
            return english == 0 ? 1 : english;
        }
        if (text.Length is 0 or > 3 || text.Any(c => c != '十' && ChineseDigit(c) < 0))
        {
            return null;
        }
        var tens = text.IndexOf('十');
        if (tens < 0)
        {
            return text.Length == 1 ? ChineseDigit(text[0]) : null;
        }
        var high = tens == 0 ? 1 : tens == 1 ? ChineseDigit(text[0]) : -1;
        var low = tens == text.Length - 1 ? 0 : tens == text.Length - 2 ? ChineseDigit(text[^1]) : -1;
        return high <= 0 || low < 0 ? null : high * 10 + low;
    }

    private static int ChineseDigit(char c) => c switch
    {
        '零' => 0, '一' => 1, '二' or '两' => 2, '三' => 3, '四' => 4, '五' => 5, '六' => 6, '七' => 7, '八' => 8, '九' => 9, _ => -1,
    };

    // Index 0 stands for "a" (a week ago); the rest are their own values.
    private static readonly string[] EnglishNumbers = ["a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?:\border(?![a-z])(?:\s*(?:id|no\.?|number|#))?|订单(?:号|编号)?)\s*(?:is\s+)?[:#]?\s*(?<id>[A-Za-z0-9][A-Za-z0-9_-]{2,63})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordOrder();

    [GeneratedRegex(@"(?:(?<pre>¥|\bRMB|\bCNY|人民币|\bUS\$|\$|\bUSD)\s*)?(?<![\d.,\-])(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.,]*\d)(?:\s*(?<suf>元|块钱|块|rmb\b|cny\b|yuan\b|usd\b|dollars?\b|美元|美金))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Money();

    [GeneratedRegex(@"(?<![\d])(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?:(?<y>\d{4})\s*年\s*)?(?<!\d)(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*[日号]", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseDate();

    [GeneratedRegex(@"\b(?<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(?<y>\d{4})\b)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishMonthDay();

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?:,?\s*(?<y>\d{4})\b)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishDayMonth();

    [GeneratedRegex(@"\bthe\s+day\s+before\s+yesterday\b|\b(?:today|yesterday|tomorrow)\b|\blast\s+night\b|大前天|前天|昨天|昨日|昨晚|今天|今日|明天", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeDay();

    [GeneratedRegex(@"\b(?<n>\d{1,4}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?<unit>days?|weeks?)\s+ago\b|(?<n>\d{1,4}|[一二两三四五六七八九十]{1,3})\s*(?:个)?(?<unit>天|周|星期|礼拜)(?:以)?前", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeAgo();
}
