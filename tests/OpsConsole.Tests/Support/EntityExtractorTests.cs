using OpsConsole.Support;

namespace OpsConsole.Tests.Support;

public sealed class EntityExtractorTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    // Titles repeat their family's words, as a real catalogue does, so those words say little about which item is meant.
    private static readonly CatalogTitle[] Catalogue =
    [
        new("crs-cloud-01", "Kubernetes in Practice"),
        new("crs-cloud-02", "Kubernetes Bootcamp"),
        new("crs-backend-01", "MySQL in Practice"),
        new("crs-data-01", "Mastering Pandas"),
        new("crs-data-02", "Mastering Kafka"),
        new("crs-backend-02", "Mastering Go"),
        new("crs-ds-01", "深入浅出数据结构"),
        new("crs-rust-01", "深入浅出Rust"),
        new("col-rust-02", "Rust 异步编程 36 讲"),
        new("col-backend-03", "MySQL 实战 45 讲"),
    ];

    private static readonly EntityExtractor Extractor = new(Catalogue);

    [Fact]
    public void Extract_EnglishTicket_FindsOrderTitleEmailAmountAndDate()
    {
        var entities = Extractor.Extract(
            "Hi, I was charged ¥199 twice for \"Kubernetes in Practice\" on Mar 8. Order demo-10234. My email is Li.Wei@example.com.", Today);

        Assert.Equal(["demo-10234"], entities.OrderIds);
        Assert.Equal("crs-cloud-01", entities.Titles[0].ItemId);
        Assert.Equal(1.0, entities.Titles[0].Score);
        Assert.Equal(["Li.Wei@example.com"], entities.Emails);
        var amount = Assert.Single(entities.Amounts);
        Assert.Equal((199m, "CNY"), (amount.Amount, amount.Currency));
        var date = Assert.Single(entities.Dates);
        Assert.Equal(new DateOnly(2026, 3, 8), date.Date);
        Assert.False(date.Relative);
    }

    [Fact]
    public void Extract_ChineseTicket_FindsOrderTitleEmailAmountAndDate()
    {
        var entities = Extractor.Extract(
            "你好，3月8日购买《深入浅出数据结构》被扣了两次款，每次 199 元，订单号：demo-10235，邮箱 zhang.san@example.cn。", Today);

        Assert.Equal(["demo-10235"], entities.OrderIds);
        Assert.Equal("crs-ds-01", entities.Titles[0].ItemId);
        Assert.Equal(["zhang.san@example.cn"], entities.Emails);
        var amount = Assert.Single(entities.Amounts);
        Assert.Equal((199m, "CNY"), (amount.Amount, amount.Currency));
        Assert.Equal([new DateOnly(2026, 3, 8)], entities.Dates.Select(d => d.Date));
    }

    [Fact]
    public void Extract_EnglishTitleWithTypos_FindsTheTitle()
    {
        var titles = Extractor.Extract("Lesson 3 of Kubernets in Practise has no sound.", Today).Titles;

        Assert.Equal("crs-cloud-01", titles[0].ItemId);
        Assert.InRange(titles[0].Score, 0.8, 0.99);
    }

    [Fact]
    public void Extract_PartialEnglishTitle_FindsTheTitle()
    {
        var titles = Extractor.Extract("Where are the exercise files for the Pandas course?", Today).Titles;

        var match = Assert.Single(titles);
        Assert.Equal("crs-data-01", match.ItemId);
        Assert.True(match.Score < 1);
    }

    [Fact]
    public void Extract_PartialEnglishTitleNamingTwoItems_ReturnsBoth()
    {
        var titles = Extractor.Extract("The Kubernetes course videos keep buffering.", Today).Titles;

        Assert.Equal(["crs-cloud-01", "crs-cloud-02"], titles.Select(t => t.ItemId).Order());
    }

    [Fact]
    public void Extract_PartialChineseTitle_FindsTheTitle()
    {
        var titles = Extractor.Extract("数据结构那门课第三讲的代码跑不通", Today).Titles;

        Assert.Equal("crs-ds-01", titles[0].ItemId);
    }

    [Fact]
    public void Extract_ChineseTitleWithAWrongCharacter_FindsTheTitle()
    {
        var titles = Extractor.Extract("深入浅出数据节构第五讲没有声音", Today).Titles;

        Assert.Equal("crs-ds-01", titles[0].ItemId);
        Assert.True(titles[0].Score < 1);
    }

    [Theory]
    [InlineData("I can't log in to my account since this morning.")]
    [InlineData("When I go to the settings page nothing happens.")]
    [InlineData("我的账号登录不了")]
    public void Extract_NoTitleMentioned_FindsNone(string text)
    {
        Assert.Empty(Extractor.Extract(text, Today).Titles);
    }

    [Fact]
    public void Extract_AmountForms_ReadsEachWithItsCurrency()
    {
        var amounts = Extractor.Extract("I paid $19.99 and then USD 20; 另外 1,299元 和 ￥88，还有 30 块钱, RMB99.", Today).Amounts;

        Assert.Equal(
            [(19.99m, "USD"), (20m, "USD"), (1299m, "CNY"), (88m, "CNY"), (30m, "CNY"), (99m, "CNY")],
            amounts.Select(a => (a.Amount, a.Currency)));
    }

    [Fact]
    public void Extract_NumbersWithoutCurrency_AreNoAmounts()
    {
        Assert.Empty(Extractor.Extract("Lesson 12 of 40 stops at 3:15, error 403.", Today).Amounts);
    }

    [Fact]
    public void Extract_RelativeEnglishDates_CountFromTheReferenceDay()
    {
        var dates = Extractor.Extract("Charged yesterday and again the day before yesterday; first tried 3 days ago and a week ago.", Today).Dates;

        Assert.Equal([new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 8), new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 3)], dates.Select(d => d.Date));
        Assert.All(dates, d => Assert.True(d.Relative));
    }

    [Fact]
    public void Extract_RelativeChineseDates_CountFromTheReferenceDay()
    {
        var dates = Extractor.Extract("昨天扣款，前天也扣了，大前天第一次，三天前登录过，两周前买的课，今天还是不行", Today).Dates;

        Assert.Equal(
            [new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 8), new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 7), new DateOnly(2026, 2, 24), Today],
            dates.Select(d => d.Date));
    }

    [Fact]
    public void Extract_AbsoluteDates_ReadsEnglishChineseAndIsoForms()
    {
        var dates = Extractor.Extract("Bought on 2026-02-14, renewed 2026年1月5日, refunded 12月25日, then March 5, 2025 and the 5th of March.", Today).Dates;

        Assert.Equal(
            [new DateOnly(2026, 2, 14), new DateOnly(2026, 1, 5), new DateOnly(2025, 12, 25), new DateOnly(2025, 3, 5), new DateOnly(2026, 3, 5)],
            dates.Select(d => d.Date));
        Assert.All(dates, d => Assert.False(d.Relative));
    }

    [Fact]
    public void Extract_ImpossibleDate_IsLeftOut()
    {
        Assert.Empty(Extractor.Extract("Charged on 2月30日 and on 2026-13-01.", Today).Dates);
    }

    [Theory]
    [InlineData("Refund demo-55123 please", "demo-55123")]
    [InlineData("Order #123456 was never unlocked", "123456")]
    [InlineData("order number: A77-9921 was charged twice", "A77-9921")]
    [InlineData("订单 20260310001 申请退款", "20260310001")]
    [InlineData("订单号：demo-77，请退款", "demo-77")]
    public void Extract_OrderIds_WithOrWithoutTheWordOrder(string text, string expected)
    {
        Assert.Equal([expected], Extractor.Extract(text, Today).OrderIds);
    }

    [Theory]
    [InlineData("I ordered it 3 weeks ago and the order was never unlocked.")]
    [InlineData("Please write to support-123@example.com about it.")]
    public void Extract_NoOrderId_FindsNone(string text)
    {
        Assert.Empty(Extractor.Extract(text, Today).OrderIds);
    }

    [Fact]
    public void Extract_CustomOrderIdPattern_FindsIdsOfThatShape()
    {
        var extractor = new EntityExtractor(Catalogue, new EntityExtractorOptions { OrderIdPattern = @"ORD\d{6}" });

        Assert.Equal(["ORD123456"], extractor.Extract("Paid for ORD123456 yesterday", Today).OrderIds);
    }

    [Fact]
    public void Extract_EmptyText_FindsNothing()
    {
        var entities = Extractor.Extract("", Today);

        Assert.Empty(entities.OrderIds);
        Assert.Empty(entities.Titles);
        Assert.Empty(entities.Emails);
        Assert.Empty(entities.Amounts);
        Assert.Empty(entities.Dates);
    }
}
