using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support.Knowledge;

/// <summary>The knowledge base's queries and writes on each real database provider.</summary>
public sealed class KnowledgeBaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Services(KnowledgeBase Base, AnswerSuggester Suggester, AutoReplyPolicy Policy, DemoKnowledgeBase Demo);

    private static Services For(TestDatabase db)
    {
        var index = new KnowledgeIndex(db.Contexts, TimeProvider.System);
        return new Services(new KnowledgeBase(db.Contexts, index, TimeProvider.System), new AnswerSuggester(db.Contexts, index, new SuggestionWeights()),
            new AutoReplyPolicy(db.Contexts, index, TimeProvider.System), new DemoKnowledgeBase(db.Contexts, index, TimeProvider.System));
    }

    private static Task<KnowledgeArticle> ArticleAsync(Services kb, string title, string body, string language, params string[] intents) =>
        kb.Base.CreateArticleAsync(new ArticleDraft(title, body, intents, language), "manager@example.test", Ct);

    [Theory, DatabaseProviders]
    public async Task ListArticlesAsync_SearchIntentAndLanguage_FilterTogetherAndPage(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kb = For(db);
        var invoice = await ArticleAsync(kb, "Requesting an INVOICE", "Open My Orders.", "en", "invoice");
        var receipt = await ArticleAsync(kb, "Receipts", "A receipt or invoice for an expense report.", "en", "invoice", "billing");
        var zh = await ArticleAsync(kb, "如何申请开发票", "在“我的订单”中申请发票。", "zh", "invoice");
        await ArticleAsync(kb, "Invoices explained", "How we bill.", "en", "billing");
        await ArticleAsync(kb, "Video buffering", "Switch to 480p.", "en", "video_playback");

        var search = await kb.Base.ListArticlesAsync(new KnowledgeQuery(Search: "Invoice"), Ct);
        var byIntent = await kb.Base.ListArticlesAsync(new KnowledgeQuery(Intent: "invoice", Language: "en"), Ct);
        var chinese = await kb.Base.ListArticlesAsync(new KnowledgeQuery(Search: "发票"), Ct);
        var page = await kb.Base.ListArticlesAsync(new KnowledgeQuery(PageSize: 2, Page: 1), Ct);

        Assert.Equal(3, search.Total);
        Assert.Equal([receipt.Id, invoice.Id], byIntent.Rows.Select(a => a.Id));
        Assert.Equal(zh.Id, Assert.Single(chinese.Rows).Id);
        Assert.Equal(5, page.Total);
        Assert.Equal(2, page.Rows.Count);
        Assert.Equal("billing invoice", byIntent.Rows[0].Intents);
    }

    [Theory, DatabaseProviders]
    public async Task UpdateAndDeleteArticle_ExistingAndMissing_SaveOrReportMissing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kb = For(db);
        var article = await ArticleAsync(kb, "Draft", "Body.", "en");

        var updated = await kb.Base.UpdateArticleAsync(article.Id, new ArticleDraft(" Certificates ", "Download the PDF.", ["certificate"], "en", false), "lead@example.test", Ct);
        var missing = await kb.Base.UpdateArticleAsync(article.Id + 100, new ArticleDraft("x", "y", [], "en"), "lead@example.test", Ct);
        var invalid = await Assert.ThrowsAsync<KnowledgeValidationException>(() => kb.Base.UpdateArticleAsync(article.Id, new ArticleDraft("", "y", [], "en"), null, Ct));
        var stored = await kb.Base.GetArticleAsync(article.Id, Ct);

        Assert.NotNull(updated);
        Assert.Null(missing);
        Assert.Equal("title", Assert.Single(invalid.Errors).Field);
        Assert.Equal(("Certificates", "certificate", false, "lead@example.test"), (stored!.Title, stored.Intents, stored.Published, stored.UpdatedBy));
        Assert.True(await kb.Base.DeleteArticleAsync(article.Id, Ct));
        Assert.False(await kb.Base.DeleteArticleAsync(article.Id, Ct));
        Assert.Null(await kb.Base.GetArticleAsync(article.Id, Ct));
    }

    [Theory, DatabaseProviders]
    public async Task CannedResponses_SavedListedAndOfferedForATicket_IntentMatchesFirst(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kb = For(db);
        var greeting = await kb.Base.CreateCannedAsync(new CannedDraft("Greeting", "Hi {{learner.name}}", [], "en"), Ct);
        var refund = await kb.Base.CreateCannedAsync(new CannedDraft("Refund processed", "Order {{order.id}} refunded.", ["refund_request"], "en"), Ct);
        await kb.Base.CreateCannedAsync(new CannedDraft("退款已处理", "订单 {{order.id}} 已退款。", ["refund_request"], "zh"), Ct);
        var unknown = await Assert.ThrowsAsync<KnowledgeValidationException>(() => kb.Base.CreateCannedAsync(new CannedDraft("Bad", "Hi {{learner.phone}}", [], "en"), Ct));

        var offered = await kb.Base.CannedForTicketAsync("refund_request", "en", cancellationToken: Ct);
        var search = await kb.Base.ListCannedAsync(new KnowledgeQuery(Search: "ORDER"), Ct);
        var renamed = await kb.Base.UpdateCannedAsync(greeting.Id, new CannedDraft("Hello", "Hello {{learner.name}}", [], "en"), Ct);

        Assert.Equal("body", Assert.Single(unknown.Errors).Field);
        Assert.Equal([refund.Id, greeting.Id], offered.Select(c => c.Id));
        Assert.Equal(2, search.Total);
        Assert.Equal("Hello", renamed!.Name);
        Assert.True(await kb.Base.DeleteCannedAsync(refund.Id, Ct));
        Assert.Equal(2, (await kb.Base.ListCannedAsync(new KnowledgeQuery(), Ct)).Total);
    }

    [Theory, DatabaseProviders]
    public async Task SuggestAsync_ArticlesAndPastReplies_ComeFromTheIndexAndResolvedTickets(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kb = For(db);
        var video = await ArticleAsync(kb, "视频卡顿或无法播放", "课程视频一直缓冲或黑屏时，请切换清晰度到 480p。", "zh", "video_playback");
        await ArticleAsync(kb, "如何申请开发票", "在“我的订单”中申请发票。", "zh", "invoice");
        var resolved = await TicketAsync(db, "视频一直卡顿", "第 3 讲一直缓冲。", "video_playback", TicketStatus.Resolved, "请把清晰度切换到 480p 再试一下。");
        await TicketAsync(db, "视频一直卡顿", "第 3 讲一直缓冲。", "video_playback", TicketStatus.Pending, "还在处理中。");

        var suggestions = await kb.Suggester.SuggestAsync(new SuggestionRequest("视频一直缓冲，黑屏转圈", "video_playback", "zh"), Ct);

        Assert.Equal(video.Id, suggestions.Articles[0].ArticleId);
        Assert.True(suggestions.Articles[0].IntentMatch);
        Assert.Equal(resolved, Assert.Single(suggestions.Replies).TicketId);
    }

    [Theory, DatabaseProviders]
    public async Task AutoReply_SettingsDecisionAndStats_WorkOnTheProvider(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kb = For(db);
        var seed = await kb.Demo.SeedIfEmptyAsync(Ct);
        var answered = await TicketAsync(db, "Invoice", "Need an invoice.", "invoice", TicketStatus.Resolved, agentReply: null, autoReplied: true);
        await TicketAsync(db, "Invoice", "Need an invoice.", "invoice", TicketStatus.Resolved, agentReply: "Sent by hand.", autoReplied: true);
        await TicketAsync(db, "Video", "Buffering.", "video_playback", TicketStatus.Closed, agentReply: null);

        var decision = await kb.Policy.DecideAsync("login_account", 0.9, "en", "Can't log in\nIt says my password is wrong but I reset it twice.", Ct);
        var refused = await kb.Policy.DecideAsync("refund_request", 0.99, "en", "Refund please", Ct);
        var stats = await kb.Policy.StatsAsync(cancellationToken: Ct);

        Assert.Equal(36, seed.Articles);
        Assert.Equal(AutoReplyOutcome.Answer, decision.Outcome);
        Assert.Contains("login_account", decision.Article!.Intents);
        Assert.Equal(AutoReplyOutcome.IntentNotAllowed, refused.Outcome);
        Assert.Equal(new AutoReplyStats(3, 2, 1, 0), stats);
        Assert.True(answered > 0);
    }

    private static async Task<long> TicketAsync(TestDatabase db, string subject, string body, string intent, TicketStatus status, string? agentReply, bool autoReplied = false)
    {
        await using var context = await db.Contexts.CreateDbContextAsync(Ct);
        var now = DateTime.UtcNow;
        var ticket = new Ticket
        {
            LearnerId = "u-1", Subject = subject, Body = body, Intent = intent, Status = status, CreatedAt = now, UpdatedAt = now,
            Language = body.Any(TicketText.IsCjk) ? "zh" : "en", AutoReplyArticleId = autoReplied ? 1 : null, AutoRepliedAt = autoReplied ? now : null,
        };
        context.Tickets.Add(ticket);
        await context.SaveChangesAsync(Ct);
        if (agentReply is not null)
        {
            context.TicketMessages.Add(new TicketMessage { TicketId = ticket.Id, Kind = MessageKind.Agent, AuthorId = "agent@example.test", Body = agentReply, CreatedAt = now });
            await context.SaveChangesAsync(Ct);
        }
        return ticket.Id;
    }
}
