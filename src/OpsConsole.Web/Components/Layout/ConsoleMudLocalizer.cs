using Microsoft.Extensions.Localization;
using MudBlazor;
using OpsConsole.Web.Resources;

namespace OpsConsole.Web.Components.Layout;

/// <summary>Gives MudBlazor's built-in texts (pager, filter menus, pickers) the console's languages.</summary>
public sealed class ConsoleMudLocalizer(IStringLocalizer<MudComponentText> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];

    public override LocalizedString this[string key, params object[] arguments] => texts[key, arguments];
}
