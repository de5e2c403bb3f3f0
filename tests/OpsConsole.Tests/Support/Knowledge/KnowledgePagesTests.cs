using Bunit;
using Bunit.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Support.Knowledge;

namespace OpsConsole.Tests.Support.Knowledge;

public sealed class KnowledgePagesTests : ComponentTestBase, IDisposable
{
    private readonly TestDatabase _database = new();

    public KnowledgePagesTests()
    {
        _database.Register(Services);
        Services.AddKnowledgeBase();
        Services.AddSingleton(sp => new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), sp.GetRequiredService<TimeProvider>()));
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private KnowledgeBase Knowledge => Services.GetRequiredService<KnowledgeBase>();

    /// <summary>Writes as another instance would: resolving the page's own services before signing in would freeze them.</summary>
    private KnowledgeBase Seeder => new(_database.Factory, new KnowledgeIndex(_database.Factory, TimeProvider.System), TimeProvider.System);

    private async Task<KnowledgeArticle> ArticleAsync(string title, bool published = true, string language = "en", params string[] intents) =>
        await Seeder.CreateArticleAsync(new ArticleDraft(title, $"How to handle {title.ToLowerInvariant()}.", intents, language, published), "seed", Ct);

    private static string[] Titles(IRenderedComponent<ContainerFragment> page) => [.. page.FindAll(".ops-article-link").Select(a => a.TextContent.Trim())];

    private async Task<KnowledgeArticle[]> StoredAsync()
    {
        await using var db = await _database.Factory.CreateDbContextAsync(Ct);
        return await db.KnowledgeArticles.ToArrayAsync(Ct);
    }

    [Fact]
    public async Task KnowledgePage_SupportAgent_ReadsPublishedArticlesButCannotEdit()
    {
        await ArticleAsync("Requesting an invoice", intents: "invoice");
        await ArticleAsync("Unfinished draft", published: false);
        SignInAs("Chen Jie", Roles.SupportAgent);

        var page = RenderWithProviders<KnowledgePage>();

        page.WaitForAssertion(() => Assert.Equal(["Requesting an invoice"], Titles(page)));
        Assert.Empty(page.FindAll(".ops-new-article"));
        Assert.Empty(page.FindAll(".ops-delete-article"));
        Assert.Contains("Invoice", page.Find(".ops-grid--knowledge .ops-tag").TextContent);

        page.Find(".ops-article-link").Click();

        page.WaitForElement(".ops-article-dialog");
        Assert.Empty(page.FindAll(".ops-article-save"));
        Assert.True(page.Find(".ops-article-title input").HasAttribute("readonly"));
    }

    [Fact]
    public async Task KnowledgePage_Manager_SeesDraftsAndSearchNarrowsTheList()
    {
        await ArticleAsync("Requesting an invoice", intents: "invoice");
        await ArticleAsync("Video keeps buffering");
        await ArticleAsync("Invoice draft", published: false);
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<KnowledgePage>();
        page.WaitForAssertion(() => Assert.Equal(3, Titles(page).Length));

        page.Find(".ops-kb-search input").Input("INVOICE");

        page.WaitForAssertion(() => Assert.Equal(["Invoice draft", "Requesting an invoice"], Titles(page)), TimeSpan.FromSeconds(5));
        Assert.Contains("Draft", page.Find(".ops-article-status").TextContent);
    }

    [Fact]
    public async Task KnowledgePage_MoreArticlesThanAPage_PagesThroughThem()
    {
        for (var i = 0; i < 27; i++)
        {
            await ArticleAsync($"Article {i:00}");
        }
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<KnowledgePage>();
        page.WaitForAssertion(() => Assert.Equal(25, Titles(page).Length));

        page.Find(".mud-table-pagination button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal(["Article 01", "Article 00"], Titles(page)));
    }

    [Fact]
    public async Task ArticleDialog_SavedEmpty_NamesTheMissingFieldsAndSavesNothing()
    {
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<KnowledgePage>();

        page.Find(".ops-new-article").Click();
        page.WaitForElement(".ops-article-save").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("is required", page.Find(".ops-article-title .mud-input-helper-text").TextContent);
            Assert.Contains("is required", page.Find(".ops-article-body .mud-input-helper-text").TextContent);
        });
        Assert.NotEmpty(page.FindAll(".ops-article-dialog"));
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task ArticleDialog_TitleTooLong_KeepsTheDialogOpenWithTheTitleError()
    {
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<KnowledgePage>();
        page.Find(".ops-new-article").Click();

        page.WaitForElement(".ops-article-title input").Input(new string('t', KnowledgeArticle.TitleMaxLength + 1));
        page.Find(".ops-article-body textarea").Input("Some text.");
        page.Find(".ops-article-save").Click();

        page.WaitForAssertion(() => Assert.Contains("1 to 256 characters", page.Find(".ops-article-title .mud-input-helper-text").TextContent));
        Assert.Empty(page.FindAll(".ops-article-body .mud-input-error"));
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task ArticleDialog_Filled_SavesTheArticleAndListsIt()
    {
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<KnowledgePage>();
        page.Find(".ops-new-article").Click();

        page.WaitForElement(".ops-article-title input").Input("  Downloading your certificate ");
        page.Find(".ops-article-body textarea").Input("Open My Courses and tap Certificate.");
        page.Find(".ops-article-save").Click();

        page.WaitForAssertion(() => Assert.Equal(["Downloading your certificate"], Titles(page)));
        Assert.Empty(page.FindAll(".ops-article-dialog"));
        var stored = Assert.Single(await StoredAsync());
        Assert.Equal(("Downloading your certificate", "en", true, "li.na@example.test"), (stored.Title, stored.Language, stored.Published, stored.UpdatedBy));
    }

    [Fact]
    public async Task ArticleDialog_ExistingArticle_SavesTheChange()
    {
        await ArticleAsync("Old title", intents: "invoice");
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<KnowledgePage>();
        page.WaitForElement(".ops-article-link").Click();

        page.WaitForElement(".ops-article-title input").Input("New title");
        page.Find(".ops-article-save").Click();

        page.WaitForAssertion(() => Assert.Equal(["New title"], Titles(page)));
        var stored = Assert.Single(await StoredAsync());
        Assert.Equal(("New title", "invoice"), (stored.Title, stored.Intents));
    }

    [Fact]
    public async Task KnowledgePage_DeleteConfirmed_RemovesTheArticle()
    {
        await ArticleAsync("Outdated article");
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<KnowledgePage>();

        page.WaitForElement(".ops-delete-article").Click();
        page.WaitForElement(".mud-message-box");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.Empty(Titles(page)));
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task CannedDialog_TemplateTyped_PreviewsTheSampleValuesAndFlagsUnknownVariables()
    {
        SignInAs("Chen Jie", Roles.Manager);
        var page = RenderWithProviders<CannedPage>();
        page.Find(".ops-new-canned").Click();

        page.WaitForElement(".ops-canned-body textarea").Input("Hi {{learner.name}}, order {{order.id}} is refunded. {{agent.name}} {{learner.phone}}");

        page.WaitForAssertion(() => Assert.Equal("Hi Li Wei, order ORD-20260501-0042 is refunded. Chen Jie {{learner.phone}}",
            page.Find("[data-testid=canned-preview]").TextContent));
        Assert.Contains("unknown variable {{learner.phone}}", page.Find(".ops-canned-body .mud-input-helper-text").TextContent);

        page.Find(".ops-canned-name input").Input("Refund done");
        page.Find(".ops-canned-save").Click();

        Assert.NotEmpty(page.FindAll(".ops-canned-dialog"));
        Assert.Equal(0, (await Knowledge.ListCannedAsync(new KnowledgeQuery(), Ct)).Total);
    }

    [Fact]
    public async Task CannedDialog_ValidTemplate_SavesAndListsIt()
    {
        SignInAs("Chen Jie", Roles.Manager);
        var page = RenderWithProviders<CannedPage>();
        page.Find(".ops-new-canned").Click();

        page.WaitForElement(".ops-canned-name input").Input("Greeting");
        page.Find(".ops-canned-body textarea").Input("Hi {{learner.name}}, I am on it. {{agent.name}}");
        page.Find(".ops-canned-save").Click();

        page.WaitForAssertion(() => Assert.Equal(["Greeting"], page.FindAll(".ops-canned-link").Select(a => a.TextContent.Trim())));
        Assert.Equal("Hi {{learner.name}}, I am on it. {{agent.name}}", Assert.Single((await Knowledge.ListCannedAsync(new KnowledgeQuery(), Ct)).Rows).Body);
    }

    [Fact]
    public async Task AutomationPage_SaveAndResults_StoresTheSettingsAndShowsTheRates()
    {
        await using (var db = await _database.Factory.CreateDbContextAsync(Ct))
        {
            var now = DateTime.UtcNow;
            db.Tickets.AddRange(
                new Ticket { LearnerId = "u-1", Subject = "a", Body = "a", Status = TicketStatus.Resolved, CreatedAt = now, AutoReplyArticleId = 1 },
                new Ticket { LearnerId = "u-2", Subject = "b", Body = "b", Status = TicketStatus.Assigned, CreatedAt = now, AutoReplyArticleId = 1, HumanRequested = true },
                new Ticket { LearnerId = "u-3", Subject = "c", Body = "c", Status = TicketStatus.Resolved, CreatedAt = now },
                new Ticket { LearnerId = "u-4", Subject = "d", Body = "d", Status = TicketStatus.New, CreatedAt = now });
            await db.SaveChangesAsync(Ct);
        }
        SignInAs("Li Na", Roles.Manager);
        var page = RenderWithProviders<AutomationPage>();

        page.WaitForAssertion(() => Assert.Contains("50.0%", page.Find("[data-stat=rate]").TextContent));
        Assert.Contains("25.0%", page.Find("[data-stat=share]").TextContent);
        page.Find(".ops-automation-enabled input").Change(true);
        page.Find(".ops-automation-confidence input").Change("0.9");
        page.Find(".ops-automation-save").Click();

        page.WaitForAssertion(() => Assert.Contains("settings saved", page.Markup));
        var settings = await Services.GetRequiredService<AutoReplyPolicy>().GetSettingsAsync(Ct);
        Assert.True(settings.Enabled);
        Assert.Equal(0.9, settings.MinConfidence);
    }

    [Fact]
    public void Texts_ChineseResources_TranslateEveryEnglishText()
    {
        var manager = new System.Resources.ResourceManager(typeof(KnowledgeText));
        static Dictionary<string, string> Read(System.Resources.ResourceManager m, string culture) =>
            m.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo(culture), true, false)!.Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

        var english = Read(manager, "");
        var chinese = Read(manager, "zh-Hans");

        Assert.Equal(english.Keys.Order(), chinese.Keys.Order());
        Assert.All(KnowledgeCodes.Intents, i => Assert.True(english.ContainsKey($"Intent_{i}"), i));
    }

    void IDisposable.Dispose()
    {
        Dispose();
        _database.Dispose();
    }
}
