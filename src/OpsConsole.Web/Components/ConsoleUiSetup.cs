using Microsoft.AspNetCore.Localization;
using MudBlazor;
using MudBlazor.Services;
using OpsConsole.Ingestion;
using OpsConsole.Web.Components.Admin;
using OpsConsole.Web.Components.Layout;
using OpsConsole.Web.Localization;

namespace OpsConsole.Web.Components;

public static class ConsoleUiSetup
{
    public static WebApplicationBuilder AddConsoleUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.PreventDuplicates = true;
            o.SnackbarConfiguration.ShowCloseIcon = true;
            o.SnackbarConfiguration.VisibleStateDuration = 4000;
        });
        builder.Services.AddTransient<MudLocalizer, ConsoleMudLocalizer>();
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Cultures.Default).AddSupportedCultures([.. Cultures.Supported]).AddSupportedUICultures([.. Cultures.Supported]);
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        builder.Services.AddSingleton<QuarantineQueries>();
        return builder;
    }

    public static WebApplication MapConsoleUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapAdminDownloads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
