using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Web.Components.Pages.Admin;

namespace OpsConsole.Tests.Components;

public sealed class ApiKeysPageTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();

    public ApiKeysPageTests()
    {
        _database.Register(Services);
        Services.AddSingleton<ApiKeyService>();
        SignInAs("Wang Fang", Roles.Admin);
    }

    private ApiKeyService Keys => Services.GetRequiredService<ApiKeyService>();

    [Fact]
    public async Task CreateDialog_NameAndScopes_ShowsTheSecretOnceAndOnlyItsPrefixAfterwards()
    {
        var page = RenderWithProviders<ApiKeys>();

        page.Find(".ops-new-key").Click();
        page.WaitForElement(".mud-dialog input").Input("Recommendation service");
        page.Find("[data-scope=recommend] input").Change(true);
        page.Find(".ops-create-key").Click();

        var secret = page.WaitForElement("[data-testid=api-key-secret]").TextContent;
        var stored = await Keys.FindActiveAsync(secret, Xunit.TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal("Recommendation service", stored.Name);
        Assert.Equal(ApiScopes.Ingest | ApiScopes.Recommend, stored.Scopes);
        Assert.Equal("wang.fang@example.test", stored.CreatedBy);

        page.Find(".ops-done").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.DoesNotContain(secret, page.Markup);
        Assert.Contains(stored.Prefix, page.Markup);
        Assert.Contains("Recommendation service", page.Markup);
    }

    [Fact]
    public void CreateDialog_NoName_CannotCreate()
    {
        var page = RenderWithProviders<ApiKeys>();

        page.Find(".ops-new-key").Click();

        Assert.True(page.WaitForElement(".ops-create-key").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Revoke_Confirmed_RevokesTheKeyAndShowsItAsRevoked()
    {
        var created = await Keys.CreateAsync("Old staging backend", ApiScopes.Ingest, "cli", Xunit.TestContext.Current.CancellationToken);
        var page = RenderWithProviders<ApiKeys>();

        page.WaitForElement(".ops-revoke").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.Contains("Revoked", page.Find(".ops-status").TextContent));
        Assert.Null(await Keys.FindActiveAsync(created.Secret, Xunit.TestContext.Current.CancellationToken));
        Assert.Empty(page.FindAll(".ops-revoke"));
    }

    [Fact]
    public async Task Revoke_Cancelled_KeepsTheKeyActive()
    {
        var created = await Keys.CreateAsync("Platform backend", ApiScopes.Ingest, "cli", Xunit.TestContext.Current.CancellationToken);
        var page = RenderWithProviders<ApiKeys>();

        page.WaitForElement(".ops-revoke").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.NotNull(await Keys.FindActiveAsync(created.Secret, Xunit.TestContext.Current.CancellationToken));
        Assert.Contains("Active", page.Find(".ops-status").TextContent);
    }

    [Fact]
    public void Render_NoKeys_ShowsEmptyState()
    {
        var page = RenderWithProviders<ApiKeys>();

        page.WaitForAssertion(() => Assert.Contains("No API keys yet", page.Markup));
    }

    void IDisposable.Dispose()
    {
        Dispose();
        _database.Dispose();
    }
}
