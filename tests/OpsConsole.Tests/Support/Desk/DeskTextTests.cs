using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using OpsConsole.Web.Components.Support.Desk;

namespace OpsConsole.Tests.Support.Desk;

public sealed partial class DeskTextTests
{
    private static Dictionary<string, string> Texts(string culture)
    {
        var manager = new ResourceManager(typeof(DeskText));
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
    public void English_EveryNameTheDeskShows_HasAText()
    {
        var english = Texts(CultureInfo.InvariantCulture.Name);

        string[] needed =
        [
            .. Enum.GetValues<OpsConsole.Support.TicketStatus>().Select(s => $"Status_{s}"),
            .. Enum.GetValues<OpsConsole.Support.TicketPriority>().Select(p => $"Priority_{p}"),
            .. Enum.GetValues<OpsConsole.Support.TicketQueue>().Select(q => $"Queue_{q}"),
            .. Enum.GetValues<OpsConsole.Support.MessageKind>().Select(k => $"Kind_{k}"),
            .. Enum.GetValues<OpsConsole.Support.AgentStatus>().SelectMany(s => new[] { $"Agent_{s}", $"Agent_{s}Hint" }),
            .. Enum.GetValues<OpsConsole.Support.SlaState>().Select(s => $"SlaState_{s}"),
            .. Enum.GetValues<OpsConsole.Support.SlaTarget>().Select(t => $"Sla_{t}"),
            .. Enum.GetValues<OpsConsole.Support.RuleField>().SelectMany(f => new[] { $"Field_{f}", $"FieldHelp_{f}" }),
            .. Enum.GetValues<OpsConsole.Support.RuleOperator>().SelectMany(o => new[] { $"Op_{o}", $"OpHelp_{o}" }),
            .. OpsConsole.Web.Support.DeskViews.Views.SelectMany(v => new[] { $"View_{v}", $"Empty_{v}", $"Empty_{v}Hint" }),
        ];

        Assert.Equal([], needed.Except(english.Keys));
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
