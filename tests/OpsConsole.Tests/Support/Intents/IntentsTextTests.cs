using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using OpsConsole.Support;
using OpsConsole.Web.Support;

namespace OpsConsole.Tests.Support.Intents;

public sealed partial class IntentsTextTests
{
    private static Dictionary<string, string> Texts(string culture)
    {
        var set = new ResourceManager(typeof(IntentsText)).GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    [Fact]
    public void Chinese_EveryEnglishText_IsTranslatedWithTheSamePlaceholders()
    {
        var english = Texts(CultureInfo.InvariantCulture.Name);
        var chinese = Texts("zh-Hans");

        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(), chinese.Keys.Order());
        foreach (var (key, text) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(chinese[key]), key);
            Assert.Equal(Placeholders(text), Placeholders(chinese[key]));
        }
    }

    [Fact]
    public void Texts_EveryStatusAndPromotionReason_HasAText()
    {
        var english = Texts(CultureInfo.InvariantCulture.Name);

        foreach (var key in Enum.GetNames<IntentModelStatus>().Select(s => $"Status_{s}").Concat(Enum.GetNames<IntentPromotionReason>().Select(r => $"Promotion_{r}")))
        {
            Assert.True(english.ContainsKey(key), key);
        }
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
