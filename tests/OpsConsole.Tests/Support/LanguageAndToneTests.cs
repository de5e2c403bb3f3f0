using OpsConsole.Support;

namespace OpsConsole.Tests.Support;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("I was charged twice for my course, please refund the duplicate payment.", "en")]
    [InlineData("购买的课程被扣了两次款，请退还多扣的一笔。", "zh")]
    [InlineData("打开第 3 讲一直黑屏，iPhone 上重装了 App 也不行。", "zh")]
    [InlineData("ＡＰＰ打不开了，怎么办？", "zh")]
    public void Detect_TicketText_ReturnsItsLanguage(string text, string expected)
    {
        var guess = LanguageDetector.Detect(text);

        Assert.Equal(expected, guess.Code);
        Assert.InRange(guess.Confidence, 0.7, 1);
    }

    [Fact]
    public void Detect_EnglishTicketQuotingAChineseTitle_IsEnglish()
    {
        var guess = LanguageDetector.Detect("I bought 《深入浅出数据结构与算法分析实战课》 yesterday but cannot open it.");

        Assert.Equal("en", guess.Code);
    }

    [Fact]
    public void Detect_ChineseTicketQuotingAnEnglishTitle_IsChinese()
    {
        var guess = LanguageDetector.Detect("《Kubernetes in Practice: From Zero to Production》第五讲没有声音");

        Assert.Equal("zh", guess.Code);
    }

    [Fact]
    public void Detect_SubjectAndBody_ReadsBoth()
    {
        Assert.Equal("zh", LanguageDetector.Detect("Refund", "买错课了，能退款吗？").Code);
    }

    [Fact]
    public void Detect_LongerText_IsMoreConfidentThanAFewWords()
    {
        var short1 = LanguageDetector.Detect("refund please");
        var long1 = LanguageDetector.Detect("I would like a refund please, the course is not what the description promised at all.");

        Assert.True(long1.Confidence > short1.Confidence);
        Assert.True(short1.Confidence < 0.9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345 !!! ???")]
    public void Detect_NoLetters_FallsBackToEnglishAtEvenOdds(string text)
    {
        var guess = LanguageDetector.Detect(text);

        Assert.Equal("en", guess.Code);
        Assert.Equal(0.5, guess.Confidence);
    }
}

public sealed class TicketToneTests
{
    [Theory]
    [InlineData("This is ridiculous, the worst service ever. Totally unacceptable!")]
    [InlineData("太失望了，垃圾课程，我要投诉！")]
    [InlineData("I am not happy with this course at all.")]
    [InlineData("对这门课很不满意，浪费钱。")]
    public void DetectSentiment_AngryText_IsNegative(string text)
    {
        var result = TicketTone.DetectSentiment(text);

        Assert.Equal(Sentiment.Negative, result.Label);
        Assert.True(result.Polarity < 0);
        Assert.NotEmpty(result.Cues);
    }

    [Theory]
    [InlineData("Great course, the instructor is excellent. Thank you so much!")]
    [InlineData("课程非常好，老师讲得很棒，感谢！")]
    public void DetectSentiment_PraisingText_IsPositive(string text)
    {
        Assert.Equal(Sentiment.Positive, TicketTone.DetectSentiment(text).Label);
    }

    [Theory]
    [InlineData("Where can I download the certificate as a PDF?")]
    [InlineData("课后练习文件在哪里下载？")]
    [InlineData("No problem, thanks.")]
    public void DetectSentiment_PlainQuestion_IsNeutral(string text)
    {
        var result = TicketTone.DetectSentiment(text);

        Assert.Equal(Sentiment.Neutral, result.Label);
        Assert.InRange(result.Confidence, 0.4, 0.7);
    }

    [Fact]
    public void DetectSentiment_Negated_FlipsThePhrase()
    {
        var result = TicketTone.DetectSentiment("The support was not helpful.");

        var cue = Assert.Single(result.Cues);
        Assert.True(cue.Negated);
        Assert.Equal(Sentiment.Negative, result.Label);
    }

    [Fact]
    public void DetectSentiment_StrongerWording_IsMoreConfident()
    {
        var mild = TicketTone.DetectSentiment("The video quality is a bit poor.");
        var strong = TicketTone.DetectSentiment("Terrible, useless, a complete scam. Worst purchase ever!!");

        Assert.Equal(Sentiment.Negative, strong.Label);
        Assert.True(strong.Confidence > mild.Confidence);
    }

    [Theory]
    [InlineData("My account is locked and I can't log in. Please help, this is urgent.", Urgency.Urgent)]
    [InlineData("急，在线等，课程打不开！", Urgency.Urgent)]
    [InlineData("订单还没开通，麻烦尽快处理。", Urgency.High)]
    [InlineData("I was charged twice yesterday.", Urgency.High)]
    [InlineData("Could you tell me when new lessons are released?", Urgency.Normal)]
    [InlineData("No rush, just wondering whether there will be a Rust column.", Urgency.Low)]
    [InlineData("不急，有空的时候帮我看看发票。", Urgency.Low)]
    public void DetectUrgency_Cues_GiveTheLevel(string text, Urgency expected)
    {
        var result = TicketTone.DetectUrgency(text);

        Assert.Equal(expected, result.Level);
        Assert.InRange(result.Confidence, 0.5, 1);
    }

    [Fact]
    public void DetectUrgency_NotUrgent_IsNotReadAsUrgent()
    {
        var result = TicketTone.DetectUrgency("This is not urgent.");

        Assert.Equal(Urgency.Low, result.Level);
        Assert.DoesNotContain(result.Cues, c => c.Phrase == "urgent");
    }

    [Fact]
    public void DetectUrgency_AngryTone_RaisesTheScore()
    {
        var calm = TicketTone.DetectUrgency("The video does not play.");
        var angry = TicketTone.DetectUrgency("The video does not play. This is ridiculous and unacceptable.");

        Assert.True(angry.Score > calm.Score);
    }
}
