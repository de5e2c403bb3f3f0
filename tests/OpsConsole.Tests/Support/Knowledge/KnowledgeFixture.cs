using OpsConsole.Support;
using OpsConsole.Tests.Components;

namespace OpsConsole.Tests.Support.Knowledge;

/// <summary>A knowledge base on an in-memory console database, with the real services over it.</summary>
public sealed class KnowledgeFixture : IDisposable
{
    public KnowledgeFixture()
    {
        Index = new KnowledgeIndex(Database.Factory, Clock);
        Base = new KnowledgeBase(Database.Factory, Index, Clock);
        Suggester = new AnswerSuggester(Database.Factory, Index, new SuggestionWeights());
        Policy = new AutoReplyPolicy(Database.Factory, Index, Clock);
    }

    public TestDatabase Database { get; } = new();
    public KnowledgeClock Clock { get; } = new(new DateTimeOffset(2026, 5, 10, 2, 0, 0, TimeSpan.Zero));
    public KnowledgeIndex Index { get; }
    public KnowledgeBase Base { get; }
    public AnswerSuggester Suggester { get; }
    public AutoReplyPolicy Policy { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<KnowledgeArticle> ArticleAsync(string title, string body, string language = "en", bool published = true, params string[] intents) =>
        Base.CreateArticleAsync(new ArticleDraft(title, body, intents, language, published), "test", Ct);

    /// <summary>
    /// A help centre with two topics per language: invoices and video playback, in English and Chinese, plus an
    /// unpublished draft and a general article that lists no intent.
    /// </summary>
    public async Task<HelpCentre> HelpCentreAsync() => new(
        await ArticleAsync("Requesting an invoice", "Open My Orders, choose the order and tap Request invoice. Enter the company name and tax number; the VAT invoice is emailed within 3 days.", "en", true, "invoice"),
        await ArticleAsync("Video keeps buffering", "If a lesson video keeps buffering or stops, switch the quality to 480p, update the app and clear its cache.", "en", true, "video_playback"),
        await ArticleAsync("如何申请开发票", "在“我的订单”中选择订单，点击“申请发票”，填写公司名称和税号，增值税发票 3 天内发送到邮箱。", "zh", true, "invoice"),
        await ArticleAsync("视频卡顿或无法播放", "课程视频一直缓冲或黑屏时，请把清晰度切换到 480p，更新 App 并清除缓存。", "zh", true, "video_playback"),
        await ArticleAsync("Invoice draft", "Company invoice draft not yet published.", "en", false, "invoice"),
        await ArticleAsync("Contact hours", "Our team answers tickets every day from 9:00 to 21:00.", "en"));

    public sealed record HelpCentre(KnowledgeArticle Invoice, KnowledgeArticle Video, KnowledgeArticle InvoiceZh, KnowledgeArticle VideoZh, KnowledgeArticle Draft, KnowledgeArticle Hours);

    public void Dispose() => Database.Dispose();
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class KnowledgeClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
