using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using OpsConsole.Recommendations;
using OpsConsole.Web.Resources;

namespace OpsConsole.Tests.Recommendations;

public sealed partial class RecommendationTextTests
{
    private static Dictionary<string, string> Texts(string culture)
    {
        var manager = new ResourceManager(typeof(RecommendationText));
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

    [Fact]
    public void Texts_EveryGeneratorStatusAndRuleTheEngineNames_HasAText()
    {
        var english = Texts(CultureInfo.InvariantCulture.Name);
        var rules = typeof(AppliedRule).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        foreach (var key in CandidateGenerators.Names.Append(ModelBundle.Rerank).Select(n => $"Generator_{n}")
                     .Concat(Enum.GetNames<RecommenderModelStatus>().Select(s => $"Status_{s}"))
                     .Concat(rules.Select(r => $"Rule_{r}")))
        {
            Assert.True(english.ContainsKey(key), key);
        }
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
