using Microsoft.EntityFrameworkCore;
using OpsConsole.Demo;
using OpsConsole.Support;
using static OpsConsole.Tests.Support.Knowledge.KnowledgeFixture;

namespace OpsConsole.Tests.Support.Knowledge;

public sealed class DemoKnowledgeBaseTests : IDisposable
{
    private static readonly OpsConsole.Demo.TicketFacts Facts = new("Rust Async Programming", "demo-123", 299m, new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc),
        "android", 7, "annual", "SAVE20", "Wang Wei");

    private readonly KnowledgeFixture _kb = new();

    private DemoKnowledgeBase Demo => new(_kb.Database.Factory, _kb.Index, _kb.Clock);

    [Fact]
    public async Task SeedIfEmptyAsync_EmptyDatabase_WritesValidArticlesForEveryIntentInBothLanguages()
    {
        var seed = await Demo.SeedIfEmptyAsync(Ct);

        await using var db = await _kb.Database.Factory.CreateDbContextAsync(Ct);
        var articles = await db.KnowledgeArticles.ToListAsync(Ct);
        var canned = await db.CannedResponses.ToListAsync(Ct);
        Assert.Equal(new KnowledgeSeed(articles.Count, canned.Count, true), seed);
        foreach (var intent in KnowledgeCodes.Intents)
        {
            foreach (var language in KnowledgeCodes.Languages)
            {
                Assert.Equal(2, articles.Count(a => a.Intents == intent && a.Language == language && a.Published));
            }
        }
        Assert.All(articles, a => Assert.Empty(KnowledgeBase.Validate(ArticleDraft.From(a))));
        Assert.All(canned, c => Assert.Empty(KnowledgeBase.Validate(CannedDraft.From(c))));
        Assert.Equal(KnowledgeCodes.Languages, canned.Select(c => c.Language).Distinct().Order());
        Assert.Equal(DemoKnowledgeBase.DefaultAutoReply.ToJson(), (await _kb.Policy.GetSettingsAsync(Ct)).ToJson());
    }

    [Fact]
    public async Task SeedIfEmptyAsync_KnowledgeBaseAlreadyStarted_WritesNothing()
    {
        await _kb.ArticleAsync("Our own article", "Written by a manager.");
        await _kb.Policy.SaveSettingsAsync(AutoReplySettings.Off, "manager", Ct);

        var seed = await Demo.SeedIfEmptyAsync(Ct);

        Assert.Equal(new KnowledgeSeed(0, 0, false), seed);
        Assert.False((await _kb.Policy.GetSettingsAsync(Ct)).Enabled);
    }

    [Fact]
    public async Task SeedIfEmptyAsync_CalledTwice_SeedsOnce()
    {
        await Demo.SeedIfEmptyAsync(Ct);

        Assert.Equal(new KnowledgeSeed(0, 0, false), await Demo.SeedIfEmptyAsync(Ct));
    }

    /// <summary>
    /// The demo's help centre answers the demo's tickets: on the text alone (no intent reading), the best article
    /// covers the ticket's intent for nearly every generated ticket, in both languages.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SuggestArticles_DemoTicketsWithoutIntent_TopArticleCoversTheirIntent(bool chinese)
    {
        await Demo.SeedIfEmptyAsync(Ct);
        var rng = new DemoRandom(11, chinese ? 1 : 0);
        var hits = 0;
        var total = 0;
        var misses = new List<string>();
        foreach (var topic in Enum.GetValues<TicketTopic>())
        {
            for (var i = 0; i < 12; i++)
            {
                var (subject, body) = DemoTickets.Write(rng, topic, chinese, Facts);
                var request = new SuggestionRequest(TicketText.Combine(subject, body), null, chinese ? "zh" : "en", MaxArticles: 1);
                var top = (await _kb.Suggester.SuggestArticlesAsync(request, Ct)).Single();
                total++;
                if (top.Intents.Contains(DemoTickets.Intent(topic)))
                {
                    hits++;
                }
                else
                {
                    misses.Add($"{DemoTickets.Intent(topic)}: {subject} → {top.Title}");
                }
                Assert.Equal(chinese ? "zh" : "en", top.Language);
            }
        }

        Assert.True(hits >= total * 0.9, $"{hits}/{total}\n{string.Join('\n', misses)}");
    }

    [Fact]
    public async Task DecideAsync_DemoSettingsAndArticles_AnswersAnInvoiceTicketInChinese()
    {
        await Demo.SeedIfEmptyAsync(Ct);

        var decision = await _kb.Policy.DecideAsync("invoice", 0.93, "zh", "申请开发票\n订单 demo-123，金额 299 元，需要开增值税专用发票，公司报销用。", Ct);

        Assert.Equal(AutoReplyOutcome.Answer, decision.Outcome);
        Assert.Equal("zh", decision.Article!.Language);
        Assert.Contains("invoice", decision.Article.Intents);
    }

    public void Dispose() => _kb.Dispose();
}
