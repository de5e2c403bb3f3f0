using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Web.Components.Layout;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Tests.Components;

public sealed class DatabaseBannerTests : ComponentTestBase
{
    [Fact]
    public void Render_DatabaseGoesAwayAndComesBack_ShowsThenHidesTheBannerLive()
    {
        var status = new DatabaseStatus(TimeProvider.System);
        Services.AddSingleton(status);
        Services.AddSingleton(new PlatformTime(TimeZoneInfo.Utc, TimeProvider.System));
        var banner = Render<DatabaseBanner>();
        Assert.Empty(banner.FindAll(".ops-database-banner"));

        status.ReportDown();

        banner.WaitForAssertion(() => Assert.Contains("The database cannot be reached", banner.Find(".ops-database-banner").TextContent));
        status.ReportUp();
        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll(".ops-database-banner")));
    }
}
