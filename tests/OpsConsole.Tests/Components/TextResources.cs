using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace OpsConsole.Tests.Components;

/// <summary>Reads a text class's resources per culture, and checks that the Chinese texts match the English ones.</summary>
internal static partial class TextResources
{
    public static Dictionary<string, string> Read(Type texts, string culture)
    {
        var set = new ResourceManager(texts).GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    public static Dictionary<string, string> English(Type texts) => Read(texts, CultureInfo.InvariantCulture.Name);

    /// <summary>Every English text has a non-blank Chinese one with the same <c>{n}</c> placeholders, and no Chinese text is left over.</summary>
    public static void AssertChineseMatchesEnglish(Type texts)
    {
        var english = English(texts);
        var chinese = Read(texts, "zh-Hans");

        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(), chinese.Keys.Order());
        foreach (var (key, text) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(chinese[key]), key);
            Assert.Equal(Placeholders(text), Placeholders(chinese[key]));
        }
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
