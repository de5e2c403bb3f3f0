using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using OpsConsole.Web.Resources;

namespace OpsConsole.Tests.Analytics;

public sealed partial class OverviewTextTests
{
    private static Dictionary<string, string> Texts(string culture)
    {
        var manager = new ResourceManager(typeof(OverviewText));
        var set = manager.GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!;
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

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
