using System.Globalization;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Support.Desk;

namespace OpsConsole.Tests.Support.Desk;

public sealed class DeskTextTests
{
    private static Dictionary<string, string> Texts(string culture) => TextResources.Read(typeof(DeskText), culture);

    [Fact]
    public void Chinese_EveryEnglishText_IsTranslatedWithTheSamePlaceholders() => TextResources.AssertChineseMatchesEnglish(typeof(DeskText));

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
}
