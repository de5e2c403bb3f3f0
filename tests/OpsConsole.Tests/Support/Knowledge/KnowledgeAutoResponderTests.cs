using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Support;
using static OpsConsole.Tests.Support.Knowledge.KnowledgeFixture;

namespace OpsConsole.Tests.Support.Knowledge;

public sealed class KnowledgeAutoResponderTests : IDisposable
{
    private readonly KnowledgeFixture _kb = new();

    private KnowledgeAutoResponder Responder => new(_kb.Policy, NullLogger<KnowledgeAutoResponder>.Instance);

    private static Ticket Ticket(string intent, double confidence, string language, string subject, string body) =>
        new() { Id = 42, LearnerId = "u-1", Subject = subject, Body = body, Intent = intent, IntentConfidence = confidence, Language = language };

    [Fact]
    public async Task AnswerAsync_AllowedChineseTicket_ComposesTheChineseArticleForTheLearner()
    {
        var help = await _kb.HelpCentreAsync();
        await _kb.Policy.SaveSettingsAsync(new AutoReplySettings(true, ["invoice"], 0.8), "manager", Ct);

        var answer = await Responder.AnswerAsync(Ticket("invoice", 0.9, "zh", "申请开发票", "需要开增值税发票"), Ct);

        Assert.NotNull(answer);
        Assert.Equal(help.InvoiceZh.Id, answer.ArticleId);
        Assert.Equal(AutoReplyComposer.Compose(help.InvoiceZh.Title, help.InvoiceZh.Body, "zh"), answer.Message);
    }

    [Fact]
    public async Task AnswerAsync_NoIntentReadingOrUnsure_AnswersNothing()
    {
        await _kb.HelpCentreAsync();
        await _kb.Policy.SaveSettingsAsync(new AutoReplySettings(true, ["invoice"], 0.8), "manager", Ct);
        var unread = new Ticket { LearnerId = "u-1", Subject = "Invoice", Body = "Need an invoice" };

        Assert.Null(await Responder.AnswerAsync(unread, Ct));
        Assert.Null(await Responder.AnswerAsync(Ticket("invoice", 0.5, "en", "Invoice", "Need an invoice"), Ct));
    }

    [Theory]
    [InlineData("agent", true)]
    [InlineData("转人工", true)]
    [InlineData("Thanks, solved", false)]
    public void IsHumanRequest_Replies_ReadAsTheComposerReadsThem(string text, bool expected)
    {
        Assert.Equal(expected, Responder.IsHumanRequest(text));
    }

    public void Dispose() => _kb.Dispose();
}
