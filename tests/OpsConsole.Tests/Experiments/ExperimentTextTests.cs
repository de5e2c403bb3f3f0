using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using OpsConsole.Experiments;
using OpsConsole.Web.Components.Retention.Experiments;

namespace OpsConsole.Tests.Experiments;

public sealed partial class ExperimentTextTests
{
    private static Dictionary<string, string> Texts(string culture)
    {
        var manager = new ResourceManager(typeof(ExperimentText));
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
    public void English_EveryStatusDecisionAndMetric_HasAText()
    {
        var english = Texts(CultureInfo.InvariantCulture.Name);

        string[] needed =
        [
            .. Enum.GetValues<ExperimentStatus>().Select(s => $"Status_{s}"),
            .. Enum.GetValues<ExperimentDecision>().Select(d => $"Decision_{d}"),
            .. Enum.GetValues<ExperimentMetric>().SelectMany(m => new[] { $"Metric_{m}", $"MetricKind_{m}" }),
        ];

        Assert.Equal([], needed.Except(english.Keys));
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
