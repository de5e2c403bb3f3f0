using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using OpsConsole.Commerce;
using OpsConsole.Retention.Renewals;
using OpsConsole.Web.Components.Retention.Renewals;
using OpsConsole.Web.Retention;

namespace OpsConsole.Tests.Renewals;

public sealed partial class RenewalsTextTests
{
    private static Dictionary<string, string> Texts(string culture)
    {
        var manager = new ResourceManager(typeof(RenewalsText));
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

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
