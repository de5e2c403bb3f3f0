using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Support;
using OpsConsole.Web.Components.Pages.Support;

namespace OpsConsole.Tests.Components.Support;

public sealed class SlaPoliciesPageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();

    public SlaPoliciesPageTests()
    {
        _database.Register(Services);
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton(new PlatformTime(TimeZoneInfo.Utc, TimeProvider.System));
        Services.AddTicketRouting();
        SignInAs("Zhao Min", Roles.Manager);
    }

    [Fact]
    public void Render_NothingSaved_ShowsTheConfiguredTargetsAndHours()
    {
        var page = RenderWithProviders<SlaPoliciesPage>();

        page.WaitForAssertion(() => Assert.Contains("The configured policies", page.Find(".ops-sla-source").TextContent));
        var cells = page.FindAll(".ops-sla-targets input").Select(i => i.GetAttribute("value")).ToList();
        // Urgent first: 30 and 240 business minutes by default.
        Assert.Equal(["30", "240"], cells.Take(2));
        Assert.Contains(page.FindAll("input"), i => i.GetAttribute("value") == "09:00-18:00");
    }

    [Fact]
    public async Task Save_InvalidHours_ListsTheProblemAndSavesNothing()
    {
        var page = RenderWithProviders<SlaPoliciesPage>();
        page.WaitForAssertion(() => page.Find(".ops-sla-source"));
        var monday = page.FindAll("input").First(i => i.GetAttribute("value") == "09:00-18:00");

        monday.Change("9 to 5");
        page.Find(".ops-sla-save").Click();

        page.WaitForAssertion(() => Assert.Contains("BusinessHours:Monday", page.Find(".ops-sla-errors").TextContent));
        Assert.False((await Services.GetRequiredService<SlaPolicies>().LoadAsync(Xunit.TestContext.Current.CancellationToken)).Stored);
    }

    [Fact]
    public async Task Save_ChangedTarget_IsStoredAndShownAsSaved()
    {
        var page = RenderWithProviders<SlaPoliciesPage>();
        page.WaitForAssertion(() => page.Find(".ops-sla-source"));

        page.FindAll(".ops-sla-targets input")[0].Change("15");
        page.Find(".ops-sla-save").Click();

        page.WaitForAssertion(() => Assert.Contains("Saved by zhao.min@example.test", page.Find(".ops-sla-source").TextContent));
        var stored = (await Services.GetRequiredService<SlaPolicies>().LoadAsync(Xunit.TestContext.Current.CancellationToken));
        Assert.Equal(15, stored.Options.Policies["Urgent"].FirstResponseMinutes);
    }

    public new void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}
