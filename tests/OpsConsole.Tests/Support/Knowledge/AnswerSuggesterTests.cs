using Microsoft.EntityFrameworkCore;
using OpsConsole.Support;
using static OpsConsole.Tests.Support.Knowledge.KnowledgeFixture;

namespace OpsConsole.Tests.Support.Knowledge;

public sealed class AnswerSuggesterTests : IDisposable
{
    private readonly KnowledgeFixture _kb = new();

    private async Task<IReadOnlyList<ArticleSuggestion>> ArticlesAsync(string text, string? intent, string language) =>
        await _kb.Suggester.SuggestArticlesAsync(new SuggestionRequest(text, intent, language, MaxArticles: 10), Ct);

    [Fact]
    public async Task SuggestArticles_EnglishTicket_PutsTheArticleOnItsTopicFirst()
    {
        var help = await _kb.HelpCentreAsync();

        var suggestions = await ArticlesAsync("Lesson 4 video keeps buffering on my phone, it stops every few seconds", null, "en");

        Assert.Equal(help.Video.Id, suggestions[0].ArticleId);
        Assert.True(suggestions[0].Similarity > 0.1, suggestions[0].Similarity.ToString());
        Assert.False(suggestions[0].IntentMatch);
    }

    [Fact]
    public async Task SuggestArticles_ChineseTicket_MatchesOnCharacterNgrams()
    {
        var help = await _kb.HelpCentreAsync();

        var video = await ArticlesAsync("《Rust 异步编程指南》第 3 讲视频一直卡顿，黑屏转圈", null, "zh");
        var invoice = await ArticlesAsync("订单 demo-123 需要开增值税发票，公司报销用", null, "zh");

        Assert.Equal(help.VideoZh.Id, video[0].ArticleId);
        Assert.Equal(help.InvoiceZh.Id, invoice[0].ArticleId);
        Assert.True(invoice[0].Similarity > 0.1, invoice[0].Similarity.ToString());
        Assert.DoesNotContain(invoice, s => s.ArticleId == help.VideoZh.Id && s.Score >= invoice[0].Score);
    }

    [Fact]
    public async Task SuggestArticles_ArticleListsTheTicketsIntent_RanksAboveTheSameTextWithout()
    {
        var plain = await _kb.ArticleAsync("Order questions", "Questions about an order, a payment or a charge on your card.");
        var billing = await _kb.ArticleAsync("Order questions", "Questions about an order, a payment or a charge on your card.", "en", true, "billing");

        var withIntent = await ArticlesAsync("A question about a charge on my card", "billing", "en");
        var withoutIntent = await ArticlesAsync("A question about a charge on my card", null, "en");

        Assert.Equal([billing.Id, plain.Id], withIntent.Select(s => s.ArticleId));
        Assert.True(withIntent[0].IntentMatch);
        Assert.Equal(withIntent[1].Score + new SuggestionWeights().IntentBonus, withIntent[0].Score, 6);
        Assert.Equal(withoutIntent[0].Score, withoutIntent[1].Score, 6);
    }

    [Fact]
    public async Task SuggestArticles_IntentListedButNoWordInCommon_IsStillOffered()
    {
        var help = await _kb.HelpCentreAsync();

        var suggestions = await ArticlesAsync("???", "invoice", "en");

        // The Chinese article comes second, at the other-language discount.
        Assert.Equal([help.Invoice.Id, help.InvoiceZh.Id], suggestions.Select(s => s.ArticleId));
        Assert.All(suggestions, s => Assert.Equal(0, s.Similarity));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task SuggestArticles_SameTextInBothLanguages_PrefersTheTicketsLanguage(string language)
    {
        var english = await _kb.ArticleAsync("Playback error 403", "Playback error 403 after signing in.", "en");
        var chinese = await _kb.ArticleAsync("Playback error 403", "Playback error 403 after signing in.", "zh");

        var suggestions = await ArticlesAsync("playback error 403", null, language);

        Assert.Equal(language == "en" ? english.Id : chinese.Id, suggestions[0].ArticleId);
        Assert.Equal(language, suggestions[0].Language);
        Assert.Equal(suggestions[0].Score * new SuggestionWeights().OtherLanguageFactor, suggestions[1].Score, 6);
    }

    [Fact]
    public async Task SuggestArticles_UnpublishedArticle_IsNeverSuggested()
    {
        var help = await _kb.HelpCentreAsync();

        var suggestions = await ArticlesAsync("Company invoice draft not yet published", "invoice", "en");

        Assert.DoesNotContain(suggestions, s => s.ArticleId == help.Draft.Id);
    }

    [Fact]
    public async Task SuggestArticles_ArticleSavedThroughTheKnowledgeBase_ShowsUpAtOnce()
    {
        var help = await _kb.HelpCentreAsync();
        Assert.Equal(5, await _kb.Index.CountAsync(Ct));

        var certificate = await _kb.ArticleAsync("Downloading your certificate", "Open My Courses and tap Certificate to download the PDF.", "en", true, "certificate");
        var found = await ArticlesAsync("where do I download my certificate pdf", null, "en");
        await _kb.Base.UpdateArticleAsync(help.Video.Id, ArticleDraft.From(help.Video) with { Published = false }, "test", Ct);
        await _kb.Base.DeleteArticleAsync(help.Invoice.Id, Ct);
        var after = await ArticlesAsync("video keeps buffering, and I need an invoice", null, "en");

        Assert.Equal(certificate.Id, found[0].ArticleId);
        Assert.DoesNotContain(after, s => s.ArticleId == help.Video.Id || s.ArticleId == help.Invoice.Id);
    }

    [Fact]
    public async Task SuggestArticles_ArticleWrittenElsewhere_AppearsOnceTheIndexIsOlderThanItsMaxAge()
    {
        await _kb.HelpCentreAsync();
        await ArticlesAsync("anything", null, "en");
        await using (var db = await _kb.Database.Factory.CreateDbContextAsync(Ct))
        {
            // Another app instance saves an article: this instance's index is not told.
            db.KnowledgeArticles.Add(new KnowledgeArticle { Title = "Certificate download", Body = "Download the certificate PDF from My Courses.", Intents = "certificate" });
            await db.SaveChangesAsync(Ct);
        }

        var before = await ArticlesAsync("certificate pdf download", null, "en");
        _kb.Clock.Advance(_kb.Index.MaxAge);
        var after = await ArticlesAsync("certificate pdf download", null, "en");

        Assert.DoesNotContain(before, s => s.Title == "Certificate download");
        Assert.Equal("Certificate download", after[0].Title);
    }

    [Fact]
    public async Task SuggestArticles_EmptyKnowledgeBase_SuggestsNothing()
    {
        Assert.Empty(await ArticlesAsync("video keeps buffering", "video_playback", "en"));
    }

    [Fact]
    public async Task SuggestReplies_ResolvedTicketsOfTheIntent_OffersTheirAgentRepliesMostSimilarFirst()
    {
        var buffering = await TicketAsync("Video keeps buffering", "Lesson 2 keeps buffering on my iPhone.", "video_playback", TicketStatus.Resolved,
            (MessageKind.Agent, "Please switch the quality to 480p and update the app."));
        var sound = await TicketAsync("No sound in lesson 5", "The video plays but there is no audio.", "video_playback", TicketStatus.Closed,
            (MessageKind.Note, "Checked the encoding: fine."), (MessageKind.Agent, "Check that your phone is not muted, then restart the app."));
        await TicketAsync("Video keeps buffering", "Lesson 2 keeps buffering.", "video_playback", TicketStatus.Assigned,
            (MessageKind.Agent, "Open ticket: still being worked on."));
        await TicketAsync("Video keeps buffering", "Buffering again.", "billing", TicketStatus.Resolved,
            (MessageKind.Agent, "Another intent's answer."));

        var replies = await _kb.Suggester.SuggestRepliesAsync(new SuggestionRequest("My lesson video keeps buffering", "video_playback", "en", MaxReplies: 5), Ct);

        Assert.Equal([buffering, sound], replies.Select(r => r.TicketId));
        Assert.Equal("Please switch the quality to 480p and update the app.", replies[0].Body);
        Assert.True(replies[0].Score > replies[1].Score);
    }

    [Fact]
    public async Task SuggestReplies_SameReplyOnSeveralTickets_IsOfferedOnceAndNeverFromTheTicketItself()
    {
        var first = await TicketAsync("收不到验证码", "登录时短信验证码一直收不到。", "login_account", TicketStatus.Resolved, (MessageKind.Agent, "请等待 60 秒后重新获取验证码。"));
        var second = await TicketAsync("验证码收不到", "验证码收不到，试了三次。", "login_account", TicketStatus.Resolved, (MessageKind.Agent, "请等待 60 秒后重新获取验证码。"));

        var replies = await _kb.Suggester.SuggestRepliesAsync(new SuggestionRequest("验证码一直收不到", "login_account", "zh", ExcludeTicketId: second), Ct);
        var forTicket = await _kb.Suggester.SuggestForTicketAsync(first, cancellationToken: Ct);

        Assert.Equal(first, Assert.Single(replies).TicketId);
        Assert.Equal(second, Assert.Single(forTicket.Replies).TicketId);
    }

    [Fact]
    public async Task SuggestReplies_OneTemplateSentToDifferentLearners_IsOfferedOnceBesideADifferentAnswer()
    {
        var newest = await TicketAsync("Video keeps buffering", "Lesson 2 keeps buffering.", "video_playback", TicketStatus.Resolved,
            (MessageKind.Agent, "Hi Anna Lee, please switch the video quality to 480p and update the app, then try again. Chen Jie"));
        await TicketAsync("Video keeps buffering", "Lesson 5 keeps buffering.", "video_playback", TicketStatus.Resolved,
            (MessageKind.Agent, "Hi Bob Smith, please switch the video quality to 480p and update the app, then try again. Chen Jie"));
        var other = await TicketAsync("Video has no sound", "Lesson 5 video keeps buffering and has no sound.", "video_playback", TicketStatus.Resolved,
            (MessageKind.Agent, "Check that your phone is not muted and no Bluetooth headset is connected."));

        var replies = await _kb.Suggester.SuggestRepliesAsync(new SuggestionRequest("The lesson video keeps buffering", "video_playback", "en", MaxReplies: 5), Ct);

        Assert.Equal(2, replies.Count);
        Assert.Contains(replies, r => r.TicketId == other);
        Assert.Single(replies, r => r.Body.Contains("480p"));
        Assert.True(newest > 0);
    }

    [Theory]
    [InlineData("王伟，您好！感谢您的耐心等待。关于您反映的问题，我们已经核实并处理，请您再试一次。——李娜", "陈静，您好！感谢您的耐心等待。关于您反映的问题，我们已经核实并处理，请您再试一次。——王磊", true)]
    [InlineData("请把清晰度切换到 480p，更新 App 后再试。", "请检查手机是否静音，是否连接了蓝牙耳机。", false)]
    public void Overlap_ChineseReplies_TellTheSameAnswerToAnotherLearnerFromADifferentAnswer(string a, string b, bool same)
    {
        var overlap = AnswerSuggester.Overlap(AnswerSuggester.Words(a), AnswerSuggester.Words(b));

        Assert.Equal(same, overlap >= new SuggestionWeights().SameReply);
    }

    private async Task<long> TicketAsync(string subject, string body, string intent, TicketStatus status, params (MessageKind Kind, string Body)[] messages)
    {
        await using var db = await _kb.Database.Factory.CreateDbContextAsync(Ct);
        var language = body.Any(TicketText.IsCjk) ? "zh" : "en";
        var ticket = new Ticket { LearnerId = "u-1", Subject = subject, Body = body, Intent = intent, Status = status, Language = language, CreatedAt = _kb.Clock.GetUtcNow().UtcDateTime };
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync(Ct);
        foreach (var (kind, text) in messages)
        {
            db.TicketMessages.Add(new TicketMessage { TicketId = ticket.Id, Kind = kind, Body = text, CreatedAt = ticket.CreatedAt });
        }
        await db.SaveChangesAsync(Ct);
        return ticket.Id;
    }

    public void Dispose() => _kb.Dispose();
}
