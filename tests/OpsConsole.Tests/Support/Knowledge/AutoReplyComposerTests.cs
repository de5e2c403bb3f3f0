using OpsConsole.Support;

namespace OpsConsole.Tests.Support.Knowledge;

public sealed class AutoReplyComposerTests
{
    private static readonly IndexedArticle Invoice = new(7, "Requesting an invoice", "Open My Orders and tap Request invoice.", "en", ["invoice"]);
    private static readonly IndexedArticle InvoiceZh = new(8, "如何申请开发票", "在“我的订单”中点击“申请发票”。", "zh", ["invoice"]);

    [Fact]
    public void Compose_English_IsMarkedAutomatedHoldsTheArticleAndSaysHowToReachAPerson()
    {
        var body = AutoReplyComposer.Compose(Invoice, "en");

        Assert.StartsWith("[Automated reply]", body);
        Assert.Contains("Requesting an invoice", body);
        Assert.Contains("Open My Orders and tap Request invoice.", body);
        Assert.Contains("reply \"agent\"", body);
        Assert.True(AutoReplyComposer.IsHumanRequest(AutoReplyComposer.HumanKeyword("en")));
    }

    [Fact]
    public void Compose_Chinese_IsMarkedAutomatedAndNamesTheChineseKeyword()
    {
        var body = AutoReplyComposer.Compose(InvoiceZh, "zh-CN");

        Assert.StartsWith("【自动回复】", body);
        Assert.Contains("在“我的订单”中点击“申请发票”。", body);
        Assert.Contains("回复“人工”", body);
        Assert.True(AutoReplyComposer.IsHumanRequest(AutoReplyComposer.HumanKeyword("zh")));
    }

    [Fact]
    public void Compose_ArticleLongerThanAMessage_IsCutButKeepsTheWayToAPerson()
    {
        var body = AutoReplyComposer.Compose("Long", new string('x', KnowledgeArticle.BodyMaxLength), "en");

        Assert.True(body.Length <= TicketMessage.BodyMaxLength, body.Length.ToString());
        Assert.EndsWith("a member of our support team will take over.", body);
        Assert.Contains("the full article is longer", body);
    }

    [Theory]
    [InlineData("agent")]
    [InlineData("Agent please!")]
    [InlineData("ＡＧＥＮＴ")]
    [InlineData("human")]
    [InlineData("I want an agent")]
    [InlineData("I need a human, thanks")]
    [InlineData("Can I talk to a real person?")]
    [InlineData("This did not help. Please let me speak with an agent.")]
    [InlineData("人工")]
    [InlineData("人工，谢谢")]
    [InlineData("请人工")]
    [InlineData("转人工")]
    [InlineData("我要人工客服")]
    [InlineData("没用，帮我转人工")]
    [InlineData("客服")]
    public void IsHumanRequest_RequestForAPerson_IsRecognised(string reply)
    {
        Assert.True(AutoReplyComposer.IsHumanRequest(reply));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Thanks, that solved it!")]
    [InlineData("My travel agent booked the course for me")]
    [InlineData("The human resources course video is broken")]
    [InlineData("人工智能课程第 3 讲打不开")]
    [InlineData("人工智能")]
    [InlineData("好的，已经解决了，谢谢")]
    [InlineData("发票收到了")]
    public void IsHumanRequest_OtherReplies_AreNotRequests(string reply)
    {
        Assert.False(AutoReplyComposer.IsHumanRequest(reply));
    }
}
