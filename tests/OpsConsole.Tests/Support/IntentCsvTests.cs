using OpsConsole.Support;

namespace OpsConsole.Tests.Support;

public sealed class IntentCsvTests
{
    private static IReadOnlyList<(string Text, string Intent)> Read(string csv) => IntentCsv.Read(new StringReader(csv), "tickets.csv");

    [Fact]
    public void Read_QuotedFields_KeepsCommasQuotesAndLineBreaks()
    {
        var rows = Read("text,category\n\"Hi, I was charged twice\",billing\n\"He said \"\"refund\"\"\nthen left\",refund\nplain text,video\n");

        Assert.Equal(
            [("Hi, I was charged twice", "billing"), ("He said \"refund\"\nthen left", "refund"), ("plain text", "video")],
            rows);
    }

    [Fact]
    public void Read_ColumnsInAnotherOrderWithExtras_FindsThemByName()
    {
        var rows = Read("id,Category,Text\n1,refund,money back please\n");

        Assert.Equal([("money back please", "refund")], rows);
    }

    [Fact]
    public void Read_ByteOrderMarkAndBlankLines_AreIgnored()
    {
        var rows = Read("\uFEFFtext,category\n\nhello,greeting\n\n");

        Assert.Equal([("hello", "greeting")], rows);
    }

    [Fact]
    public void Read_Empty_FailsNamingTheFileAndTheHeader()
    {
        var error = Assert.Throws<IntentDataException>(() => Read(""));

        Assert.Equal("tickets.csv", error.File);
        Assert.Contains("empty", error.Message);
        Assert.Contains("text,category", error.Message);
    }

    [Fact]
    public void Read_NoHeader_FailsOnLineOne()
    {
        var error = Assert.Throws<IntentDataException>(() => Read("my card is lost,card_lost\n"));

        Assert.Equal(1, error.Line);
        Assert.Contains("header", error.Message);
    }

    [Fact]
    public void Read_HeaderWithoutCategory_NamesTheMissingColumn()
    {
        var error = Assert.Throws<IntentDataException>(() => Read("text,label\nhello,greeting\n"));

        Assert.Contains("'category'", error.Message);
    }

    [Fact]
    public void Read_RowMissingAField_NamesLineAndField()
    {
        var error = Assert.Throws<IntentDataException>(() => Read("text,category\nfine,ok\njust text\n"));

        Assert.Equal(3, error.Line);
        Assert.Equal("category", error.Field);
        Assert.StartsWith("tickets.csv, line 3, field 'category'", error.Message);
    }

    [Fact]
    public void Read_EmptyCategory_NamesLineAndField()
    {
        var error = Assert.Throws<IntentDataException>(() => Read("text,category\nfine,ok\nno label,\n"));

        Assert.Equal((3, "category"), (error.Line, error.Field));
    }

    [Fact]
    public void Read_QuoteNeverClosed_FailsOnTheLineItOpens()
    {
        var error = Assert.Throws<IntentDataException>(() => Read("text,category\n\"never closed,ok\nmore\n"));

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Read_HeaderOnly_FailsForLackOfExamples()
    {
        var error = Assert.Throws<IntentDataException>(() => Read("text,category\n"));

        Assert.Contains("no examples", error.Message);
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");

        var error = Assert.Throws<IntentDataException>(() => IntentCsv.Read(path));

        Assert.Equal(path, error.File);
        Assert.Contains("no such file", error.Message);
    }
}
