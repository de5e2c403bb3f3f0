using System.Globalization;
using System.Text.RegularExpressions;
using OpsConsole.Experiments;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Retention.Experiments;

namespace OpsConsole.Tests.Experiments;

public sealed partial class ExperimentTextTests
{
    private static Dictionary<string, string> Texts(string culture) => TextResources.Read(typeof(ExperimentText), culture);

    [Fact]
    public void Chinese_EveryEnglishText_IsTranslatedWithTheSamePlaceholders() => TextResources.AssertChineseMatchesEnglish(typeof(ExperimentText));

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

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
