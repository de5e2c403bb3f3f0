using Microsoft.EntityFrameworkCore;
using OpsConsole.Support;
using static OpsConsole.Tests.Support.Knowledge.KnowledgeFixture;

namespace OpsConsole.Tests.Support.Knowledge;

public sealed class AutoReplyPolicyTests : IDisposable
{
    private readonly KnowledgeFixture _kb = new();

    private Task AllowAsync(double minConfidence = 0.8, bool enabled = true, params string[] intents) =>
        _kb.Policy.SaveSettingsAsync(new AutoReplySettings(enabled, intents, minConfidence), "manager@example.test", Ct);

    [Fact]
    public async Task DecideAsync_NoSettingsStored_IsDisabled()
    {
        await _kb.HelpCentreAsync();

        var decision = await _kb.Policy.DecideAsync("invoice", 0.99, "en", "I need an invoice", Ct);

        Assert.Equal(AutoReplyOutcome.Disabled, decision.Outcome);
        Assert.False(decision.ShouldReply);
    }

    [Fact]
    public async Task DecideAsync_TurnedOff_IsDisabledEvenForAnAllowedIntent()
    {
        await _kb.HelpCentreAsync();
        await AllowAsync(0.5, false, "invoice");

        Assert.Equal(AutoReplyOutcome.Disabled, (await _kb.Policy.DecideAsync("invoice", 0.99, "en", "invoice", Ct)).Outcome);
    }

    [Fact]
    public async Task DecideAsync_IntentNotAllowed_SaysWhichIntent()
    {
        await _kb.HelpCentreAsync();
        await AllowAsync(0.8, true, "invoice");

        var decision = await _kb.Policy.DecideAsync("video_playback", 0.97, "en", "Video keeps buffering", Ct);

        Assert.Equal(AutoReplyOutcome.IntentNotAllowed, decision.Outcome);
        Assert.Contains("'video_playback'", decision.Reason);
        Assert.Null(decision.Article);
    }

    [Fact]
    public async Task DecideAsync_NoIntentReading_IsNotAnswered()
    {
        await AllowAsync(0.8, true, "invoice");

        Assert.Equal(AutoReplyOutcome.NoIntent, (await _kb.Policy.DecideAsync(null, 0, "en", "hello", Ct)).Outcome);
    }

    [Theory]
    [InlineData(0.62, AutoReplyOutcome.ConfidenceTooLow)]
    [InlineData(0.7999, AutoReplyOutcome.ConfidenceTooLow)]
    [InlineData(0.8, AutoReplyOutcome.Answer)]
    [InlineData(0.95, AutoReplyOutcome.Answer)]
    public async Task DecideAsync_Confidence_AnswersOnlyFromTheMinimumUp(double confidence, AutoReplyOutcome expected)
    {
        await _kb.HelpCentreAsync();
        await AllowAsync(0.8, true, "invoice");

        var decision = await _kb.Policy.DecideAsync("invoice", confidence, "en", "Please send a VAT invoice for my order", Ct);

        Assert.Equal(expected, decision.Outcome);
        if (expected == AutoReplyOutcome.ConfidenceTooLow)
        {
            Assert.Contains("below 0.80", decision.Reason);
        }
    }

    [Fact]
    public async Task DecideAsync_AllowedAndConfident_ChoosesThePublishedArticleInTheTicketsLanguage()
    {
        var help = await _kb.HelpCentreAsync();
        await AllowAsync(0.8, true, "invoice");

        var english = await _kb.Policy.DecideAsync("invoice", 0.9, "en", "Need a company invoice", Ct);
        var chinese = await _kb.Policy.DecideAsync("invoice", 0.9, "zh-CN", "需要开发票", Ct);

        Assert.Equal(help.Invoice.Id, english.Article?.Id);
        Assert.Equal(help.InvoiceZh.Id, chinese.Article?.Id);
        Assert.Contains($"article {help.InvoiceZh.Id}", chinese.Reason);
    }

    [Fact]
    public async Task DecideAsync_SeveralArticlesForTheIntent_ChoosesTheOneMostLikeTheText()
    {
        await _kb.ArticleAsync("Requesting an invoice", "Open My Orders and tap Request invoice; enter the company tax number.", "en", true, "invoice");
        var receipt = await _kb.ArticleAsync("Downloading a receipt", "Download the receipt for an expense report from My Orders > Receipt.", "en", true, "invoice");
        await AllowAsync(0.8, true, "invoice");

        var decision = await _kb.Policy.DecideAsync("invoice", 0.9, "en", "Need a receipt\nI need a receipt for my expense report", Ct);

        Assert.Equal(receipt.Id, decision.Article?.Id);
        Assert.True(decision.Similarity > 0);
    }

    [Fact]
    public async Task DecideAsync_ArticleOnlyInAnotherLanguageOrUnpublished_HasNoArticle()
    {
        await _kb.ArticleAsync("Downloading your certificate", "Open My Courses and tap Certificate.", "en", true, "certificate");
        await _kb.ArticleAsync("证书下载", "打开“我的课程”点击“证书”。", "zh", false, "certificate");
        await AllowAsync(0.8, true, "certificate");

        var decision = await _kb.Policy.DecideAsync("certificate", 0.95, "zh", "证书在哪里下载", Ct);

        Assert.Equal(AutoReplyOutcome.NoArticleInLanguage, decision.Outcome);
        Assert.Contains("'zh'", decision.Reason);
    }

    [Fact]
    public async Task SaveSettingsAsync_Valid_IsReadBackAsStored()
    {
        await AllowAsync(0.75, true, "invoice", "certificate");

        var settings = await _kb.Policy.GetSettingsAsync(Ct);

        Assert.True(settings.Enabled);
        Assert.Equal(["certificate", "invoice"], settings.Intents.Order());
        Assert.Equal(0.75, settings.MinConfidence);
    }

    [Fact]
    public async Task SaveSettingsAsync_UnknownIntentAndConfidenceAboveOne_NamesBothFieldsAndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<KnowledgeValidationException>(() => AllowAsync(1.5, true, "shipping"));

        Assert.Equal(["intents", "minConfidence"], error.Errors.Select(e => e.Field));
        Assert.Equal(AutoReplySettings.Off, await _kb.Policy.GetSettingsAsync(Ct), new SettingsComparer());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"enabled":"yes"}""")]
    public void Parse_DamagedSettings_AreOff(string json)
    {
        Assert.False(AutoReplySettings.Parse(json).Enabled);
    }

    [Fact]
    public void Parse_NoMinimumStored_UsesTheDefaultMinimum()
    {
        var settings = AutoReplySettings.Parse("""{"enabled":true,"intents":["invoice"]}""");

        Assert.Equal(0.8, settings.MinConfidence);
        Assert.Equal(["invoice"], settings.Intents);
    }

    [Fact]
    public async Task StatsAsync_MixOfTickets_CountsResolutionsWithoutAnAgentReply()
    {
        await TicketAsync(autoReplied: true, TicketStatus.Resolved);
        await TicketAsync(autoReplied: true, TicketStatus.Closed, messages: [MessageKind.Automated, MessageKind.Learner, MessageKind.Note]);
        await TicketAsync(autoReplied: true, TicketStatus.Resolved, messages: [MessageKind.Automated, MessageKind.Agent]);
        await TicketAsync(autoReplied: true, TicketStatus.Assigned, humanRequested: true);
        await TicketAsync(autoReplied: false, TicketStatus.Resolved);

        var stats = await _kb.Policy.StatsAsync(cancellationToken: Ct);

        Assert.Equal(new AutoReplyStats(5, 4, 2, 1), stats);
        Assert.Equal(0.5, stats.ResolutionRate);
        Assert.Equal(0.4, stats.ShareOfAll);
    }

    [Fact]
    public async Task StatsAsync_NoTickets_HasNoRates()
    {
        var stats = await _kb.Policy.StatsAsync(cancellationToken: Ct);

        Assert.Null(stats.ResolutionRate);
        Assert.Null(stats.ShareOfAll);
    }

    private async Task TicketAsync(bool autoReplied, TicketStatus status, bool humanRequested = false, MessageKind[]? messages = null)
    {
        await using var db = await _kb.Database.Factory.CreateDbContextAsync(Ct);
        var now = _kb.Clock.GetUtcNow().UtcDateTime;
        var ticket = new Ticket
        {
            LearnerId = "u-1", Subject = "s", Body = "b", Status = status, CreatedAt = now, HumanRequested = humanRequested,
            AutoReplyArticleId = autoReplied ? 1 : null, AutoRepliedAt = autoReplied ? now : null,
        };
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync(Ct);
        db.TicketMessages.AddRange((messages ?? []).Select(kind => new TicketMessage { TicketId = ticket.Id, Kind = kind, Body = kind.ToString(), CreatedAt = now }));
        await db.SaveChangesAsync(Ct);
    }

    private sealed class SettingsComparer : IEqualityComparer<AutoReplySettings>
    {
        public bool Equals(AutoReplySettings? x, AutoReplySettings? y) =>
            x is not null && y is not null && x.Enabled == y.Enabled && x.MinConfidence == y.MinConfidence && x.Intents.SequenceEqual(y.Intents);

        public int GetHashCode(AutoReplySettings obj) => obj.Enabled.GetHashCode();
    }

    public void Dispose() => _kb.Dispose();
}
