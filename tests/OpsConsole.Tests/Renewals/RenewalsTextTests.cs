using System.Globalization;
using OpsConsole.Commerce;
using OpsConsole.Retention.Renewals;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Retention.Renewals;
using OpsConsole.Web.Retention;

namespace OpsConsole.Tests.Renewals;

public sealed class RenewalsTextTests
{
    private static Dictionary<string, string> Texts(string culture) => TextResources.Read(typeof(RenewalsText), culture);

    [Fact]
    public void Chinese_EveryEnglishText_IsTranslatedWithTheSamePlaceholders() => TextResources.AssertChineseMatchesEnglish(typeof(RenewalsText));

    [Fact]
    public void English_EveryNameThePageShows_HasAText()
    {
        var english = Texts(CultureInfo.InvariantCulture.Name);

        string[] needed =
        [
            .. Enum.GetValues<MembershipPlan>().Select(p => $"Plan_{p}"),
            .. Enum.GetValues<RenewalOutcome>().Select(o => $"Outcome_{o}"),
            .. Enumerable.Range(1, RenewalCohorts.Ordinals).Select(k => $"Cohorts_Ordinal_{k}"),
            .. RenewalArguments.Tables.Select(t => $"Export_{t}"),
        ];

        Assert.Equal([], needed.Except(english.Keys));
    }
}
