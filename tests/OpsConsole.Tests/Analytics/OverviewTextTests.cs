using OpsConsole.Tests.Components;
using OpsConsole.Web.Resources;

namespace OpsConsole.Tests.Analytics;

public sealed class OverviewTextTests
{
    private static Dictionary<string, string> Texts(string culture) => TextResources.Read(typeof(OverviewText), culture);

    [Fact]
    public void Chinese_EveryEnglishText_IsTranslatedWithTheSamePlaceholders() => TextResources.AssertChineseMatchesEnglish(typeof(OverviewText));
}
