using System.Globalization;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Support;

namespace OpsConsole.Tests.Support.Intents;

public sealed class IntentsTextTests
{
    private static Dictionary<string, string> Texts(string culture) => TextResources.Read(typeof(IntentsText), culture);

    [Fact]
    public void Chinese_EveryEnglishText_IsTranslatedWithTheSamePlaceholders() => TextResources.AssertChineseMatchesEnglish(typeof(IntentsText));

    [Fact]
    public void Texts_EveryStatusAndPromotionReason_HasAText()
    {
        var english = Texts(CultureInfo.InvariantCulture.Name);

        foreach (var key in Enum.GetNames<IntentModelStatus>().Select(s => $"Status_{s}").Concat(Enum.GetNames<IntentPromotionReason>().Select(r => $"Promotion_{r}")))
        {
            Assert.True(english.ContainsKey(key), key);
        }
    }
}
