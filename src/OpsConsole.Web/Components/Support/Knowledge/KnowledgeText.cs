using System.Globalization;
using OpsConsole.Support;

namespace OpsConsole.Web.Components.Support.Knowledge;

/// <summary>Texts of the knowledge-base, canned-response and automatic-reply pages.</summary>
public sealed class KnowledgeText;

/// <summary>How the knowledge pages name intents, languages and rates, and which error belongs under which field.</summary>
internal static class KnowledgeFormat
{
    public static string IntentKey(string code) => $"Intent_{code}";

    public static string LanguageKey(string code) => $"Language_{code}";

    /// <summary>The messages for one field, joined, or null when it has none (MudBlazor shows no error then).</summary>
    public static string? ErrorFor(IReadOnlyList<KnowledgeFieldError> errors, string field)
    {
        var messages = errors.Where(e => e.Field == field).Select(e => e.Message).ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    public static string Percent(double? share) => share is { } value ? value.ToString("P1", CultureInfo.CurrentCulture) : "—";

    public static string Excerpt(string body, int length = 140)
    {
        var flat = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : flat[..(length - 1)].TrimEnd() + "…";
    }
}
