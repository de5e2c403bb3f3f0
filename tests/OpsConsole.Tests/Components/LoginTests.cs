using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Web.Components.Pages;

namespace OpsConsole.Tests.Components;

public sealed class LoginTests : ComponentTestBase
{
    private IRenderedComponent<Login> RenderAt(string uri)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return Render<Login>();
    }

    [Fact]
    public void Render_InvalidCredentialsError_ShowsWhatWentWrong()
    {
        var login = RenderAt("/login?error=invalid");

        Assert.Contains("The email or password is not correct.", login.Find(".ops-login__error").TextContent);
    }

    [Fact]
    public void Render_LockedError_SaysTheAccountIsLocked()
    {
        var login = RenderAt("/login?error=locked");

        Assert.Contains("locked", login.Find(".ops-login__error").TextContent);
    }

    [Fact]
    public void Render_NoError_ShowsNoAlert()
    {
        var login = RenderAt("/login");

        Assert.Empty(login.FindAll(".ops-login__error"));
    }

    [Fact]
    public void Render_Form_PostsCredentialsReturnUrlAndAntiforgeryTokenToSignIn()
    {
        var login = RenderAt("/login?returnUrl=%2Fadmin%2Fapi-keys");

        var form = login.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/login", form.GetAttribute("action"));
        Assert.Equal("/admin/api-keys", form.QuerySelector("input[name=ReturnUrl]")?.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("input[name=Email][type=email]"));
        Assert.NotNull(form.QuerySelector("input[name=Password][type=password]"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public void Render_RememberMeUnticked_StillPostsAValue()
    {
        var login = RenderAt("/login");

        // The sign-in endpoint needs RememberMe; the box comes first so a ticked box wins over the hidden default.
        var values = login.FindAll("input[name=RememberMe]").Select(i => (i.GetAttribute("type"), i.GetAttribute("value"))).ToList();
        Assert.Equal([("checkbox", "true"), ("hidden", "false")], values);
    }

    [Fact]
    public void Render_LanguageLinks_KeepTheReturnUrl()
    {
        var login = RenderAt("/login?returnUrl=%2Fadmin");

        var chinese = login.FindAll(".ops-login__languages a").Single(a => a.GetAttribute("lang") == "zh-Hans");
        Assert.Equal("/culture/set?culture=zh-Hans&redirectUri=%2Flogin%3FreturnUrl%3D%252Fadmin", chinese.GetAttribute("href"));
    }
}
