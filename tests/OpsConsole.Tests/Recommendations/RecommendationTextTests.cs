using System.Globalization;
using OpsConsole.Recommendations;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Resources;

namespace OpsConsole.Tests.Recommendations;

public sealed class RecommendationTextTests
{
    private static Dictionary<string, string> Texts(string culture) => TextResources.Read(typeof(RecommendationText), culture);

    [Fact]
    public void Chinese_EveryEnglishText_IsTranslatedWithTheSamePlaceholders() => TextResources.AssertChineseMatchesEnglish(typeof(RecommendationText));

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
}
