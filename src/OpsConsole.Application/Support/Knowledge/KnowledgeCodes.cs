namespace OpsConsole.Support;

/// <summary>The intents and languages knowledge-base entries may name: those the desk's intent model reads.</summary>
public static class KnowledgeCodes
{
    /// <summary>The ticket intents, in the order the console lists them.</summary>
    public static IReadOnlyList<string> Intents { get; } =
    [
        "billing", "refund_request", "video_playback", "login_account", "certificate", "course_content", "invoice", "membership_renewal", "coupon",
    ];

    /// <summary>Languages learners write in; articles and replies are kept per language.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "zh"];

    public static bool IsIntent(string? code) => code is not null && Intents.Contains(code, StringComparer.Ordinal);

    public static bool IsLanguage(string? code) => code is not null && Languages.Contains(code, StringComparer.Ordinal);

    /// <summary>The stored space-separated list as codes.</summary>
    public static IReadOnlyList<string> Split(string? list) => string.IsNullOrWhiteSpace(list) ? [] : list.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Codes as stored: trimmed, lower case, each once, in the console's order.</summary>
    public static string Join(IEnumerable<string> codes)
    {
        var set = codes.Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        return string.Join(' ', Intents.Where(set.Contains).Concat(set.Where(c => !Intents.Contains(c)).Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// The language the knowledge base files a ticket under: Chinese variants (zh-CN, zh-Hans…) are "zh", anything
    /// else is taken as written.
    /// </summary>
    public static string Language(string? code) =>
        string.IsNullOrWhiteSpace(code) ? "en" : code.Trim().ToLowerInvariant() is var c && c.StartsWith("zh", StringComparison.Ordinal) ? "zh" : c.Split('-')[0];
}
