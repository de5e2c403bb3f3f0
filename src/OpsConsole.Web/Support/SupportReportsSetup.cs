namespace OpsConsole.Web.Support;

/// <summary>The support desk's reports: the query, the page's CSV downloads. The page itself is found by the router.</summary>
public static class SupportReportsSetup
{
    /// <summary>Adds the report query and, unless routing already added it, the SLA clock it measures with.</summary>
    public static WebApplicationBuilder AddSupportReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSupportReportQueries();
        return builder;
    }

    public static WebApplication MapSupportReports(this WebApplication app)
    {
        app.MapSupportReportExports();
        return app;
    }
}
