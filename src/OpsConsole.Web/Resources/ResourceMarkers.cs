namespace OpsConsole.Web.Resources;

/// <summary>Texts of the shell: layout, navigation, sign-in, error pages, charts and the live indicator.</summary>
public sealed class UiText;

/// <summary>Texts of the admin pages: users, API keys, quarantine.</summary>
public sealed class AdminText;

/// <summary>Translations of MudBlazor's own texts (pager, filters, pickers); English falls back to MudBlazor's built-ins.</summary>
public sealed class MudComponentText;

/// <summary>Texts of the journey pages: paths, lifecycle and stickiness, the retention compass.</summary>
public sealed class JourneyText;
