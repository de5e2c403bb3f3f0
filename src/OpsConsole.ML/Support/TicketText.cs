using System.Globalization;
using System.Text;

namespace OpsConsole.Support;

/// <summary>A run of text that reads as one unit: a Latin word or number, or a run of Chinese characters.</summary>
public readonly record struct TextRun(string Text, bool Cjk, int Start);

/// <summary>
/// Text handling every ticket detector shares. Learners mix full-width and half-width forms, upper and lower case
/// and both scripts in one message, so everything is compared after one normalisation; Chinese has no spaces, so it
/// is cut into runs of Han characters rather than words.
/// </summary>
public static class TicketText
{
    /// <summary>Subject and body as one text, as the intent model sees it.</summary>
    public static string Combine(string? subject, string? body) =>
        string.IsNullOrWhiteSpace(subject) ? body ?? "" : string.IsNullOrWhiteSpace(body) ? subject : subject + "\n" + body;

    /// <summary>The text cut to at most <paramref name="max"/> characters, ending in an ellipsis when it was cut.</summary>
    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>
    /// NFKC (full-width letters, digits and punctuation become their half-width forms) then lower case. The length
    /// may change, so positions in the result do not map back to the original.
    /// </summary>
    public static string Normalise(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    /// <summary>Han ideographs, including the extension blocks and compatibility ideographs.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF' or >= '\u3005' and <= '\u3007';

    /// <summary>
    /// Splits normalised text into Latin words (letters, digits, inner apostrophes) and runs of Han characters;
    /// punctuation, spaces and symbols separate runs and are dropped.
    /// </summary>
    public static List<TextRun> Runs(string text)
    {
        var runs = new List<TextRun>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsCjk(c))
            {
                var start = i;
                while (i < text.Length && IsCjk(text[i]))
                {
                    i++;
                }
                runs.Add(new TextRun(text[start..i], true, start));
            }
            else if (IsWordChar(c))
            {
                var start = i;
                while (i < text.Length && (IsWordChar(text[i]) || text[i] is '\'' or '\u2019' && i + 1 < text.Length && IsWordChar(text[i + 1]) && i > start))
                {
                    i++;
                }
                runs.Add(new TextRun(text[start..i], false, start));
            }
            else
            {
                i++;
            }
        }
        return runs;
    }

    private static bool IsWordChar(char c) => !IsCjk(c) && (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark);
}
