using OpsConsole.Demo;
using OpsConsole.Support;

namespace OpsConsole.Tests.Support.Knowledge;

public sealed class KnowledgeValidationTests
{
    private static readonly ArticleDraft Good = new("Requesting an invoice", "Open My Orders and tap Request invoice.", ["invoice"], "en", true);
    private static readonly CannedDraft GoodCanned = new("Refund processed", "Hi {{learner.name}}, order {{order.id}} is refunded.", ["refund_request"], "zh");

    private static string[] Fields(IReadOnlyList<KnowledgeFieldError> errors) => [.. errors.Select(e => e.Field)];

    [Fact]
    public void Validate_CompleteArticle_HasNoErrors()
    {
        Assert.Empty(KnowledgeBase.Validate(Good));
        Assert.Empty(KnowledgeBase.Validate(Good with { Intents = [], Language = "zh", Title = new string('t', KnowledgeArticle.TitleMaxLength) }));
    }

    public static TheoryData<string, ArticleDraft> BadArticles => new()
    {
        { "title", Good with { Title = "  " } },
        { "title", Good with { Title = new string('t', KnowledgeArticle.TitleMaxLength + 1) } },
        { "body", Good with { Body = " \n " } },
        { "body", Good with { Body = new string('b', KnowledgeArticle.BodyMaxLength + 1) } },
        { "language", Good with { Language = "fr" } },
        { "language", Good with { Language = "" } },
        { "intents", Good with { Intents = ["invoice", "shipping"] } },
    };

    [Theory, MemberData(nameof(BadArticles))]
    public void Validate_ArticleWithOneBadField_NamesThatField(string field, ArticleDraft draft)
    {
        Assert.Equal([field], Fields(KnowledgeBase.Validate(draft)));
    }

    [Fact]
    public void Validate_EverythingMissing_NamesEveryField()
    {
        Assert.Equal(["title", "body", "language", "intents"], Fields(KnowledgeBase.Validate(new ArticleDraft("", "", ["x"], "xx"))));
    }

    public static TheoryData<string, CannedDraft> BadCanned => new()
    {
        { "name", GoodCanned with { Name = "" } },
        { "name", GoodCanned with { Name = new string('n', CannedResponse.NameMaxLength + 1) } },
        { "body", GoodCanned with { Body = "" } },
        { "body", GoodCanned with { Body = "Hi {{learner.email}}" } },
        { "body", GoodCanned with { Body = "Hi {{learner.name" } },
        { "language", GoodCanned with { Language = "de" } },
        { "intents", GoodCanned with { Intents = ["refund"] } },
    };

    [Theory, MemberData(nameof(BadCanned))]
    public void Validate_CannedWithOneBadField_NamesThatField(string field, CannedDraft draft)
    {
        Assert.Equal([field], Fields(KnowledgeBase.Validate(draft)));
    }

    [Fact]
    public void Validate_CompleteCanned_HasNoErrors()
    {
        Assert.Empty(KnowledgeBase.Validate(GoodCanned));
    }

    [Fact]
    public void Intents_AreTheIntentsTheDemoPlatformsLearnersWriteAbout()
    {
        Assert.Equal(DemoTickets.Intents, KnowledgeCodes.Intents);
    }

    [Theory]
    [InlineData("zh-CN", "zh")]
    [InlineData("zh-Hans", "zh")]
    [InlineData("EN-us", "en")]
    [InlineData(null, "en")]
    [InlineData("en", "en")]
    public void Language_RegionalCodes_FileUnderTheirLanguage(string? code, string expected)
    {
        Assert.Equal(expected, KnowledgeCodes.Language(code));
    }

    [Fact]
    public void Join_IntentsInAnyOrderAndCase_AreStoredOnceInConsoleOrder()
    {
        Assert.Equal("billing invoice", KnowledgeCodes.Join(["Invoice ", "billing", "invoice"]));
    }
}
