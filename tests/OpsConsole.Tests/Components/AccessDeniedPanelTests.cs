using Bunit;
using OpsConsole.Access;
using OpsConsole.Web.Components.Pages;

namespace OpsConsole.Tests.Components;

public sealed class AccessDeniedPanelTests : ComponentTestBase
{
    [Theory]
    [InlineData(Roles.SupportAgent, "/support")]
    [InlineData(Roles.Operator, "/")]
    [InlineData(Roles.Manager, "/")]
    public void Render_EachRole_HomeLeadsWhereThatRolesSignInLands(string role, string home)
    {
        SignInAs("Chen Li", role);

        var panel = RenderWithProviders<AccessDeniedPanel>();

        Assert.Equal(home, panel.Find(".ops-state a").GetAttribute("href"));
    }
}
