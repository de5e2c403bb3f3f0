using OpsConsole.Retention.Churn;

namespace OpsConsole.Tests.Churn;

public sealed class TabularCsvTests
{
    private static CsvTable Read(string text) => TabularCsv.Read(new StringReader(text), "data.csv");

    [Fact]
    public void Read_QuotedFields_KeepCommasQuotesAndLineBreaks()
    {
        var table = Read("id,plan,note\n1,\"Bank transfer, automatic\",\"said \"\"bye\"\"\"\n2,monthly,\"two\nlines\"\n");

        Assert.Equal(["id", "plan", "note"], table.Header);
        Assert.Equal(2, table.Records.Count);
        Assert.Equal("Bank transfer, automatic", table.Records[0].Fields[1]);
        Assert.Equal("said \"bye\"", table.Records[0].Fields[2]);
        Assert.Equal("two\nlines", table.Records[1].Fields[2]);
        Assert.Equal(3, table.Records[1].Line);
    }

    [Fact]
    public void Read_ByteOrderMarkAndBlankLines_AreIgnored()
    {
        var table = Read("\uFEFFa,b\n\n1,2\n   \n3,4\n");

        Assert.Equal(["a", "b"], table.Header);
        Assert.Equal([3, 5], table.Records.Select(r => r.Line));
    }

    [Fact]
    public void Read_EmptyFile_FailsSayingSo()
    {
        var error = Assert.Throws<TabularDataException>(() => Read(""));

        Assert.Contains("data.csv", error.Message);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Read_HeaderOnly_FailsSayingThereAreNoRows()
    {
        var error = Assert.Throws<TabularDataException>(() => Read("a,b\n"));

        Assert.Contains("no rows", error.Message);
    }

    [Fact]
    public void Read_RowWithTooFewFields_FailsNamingTheLine()
    {
        var error = Assert.Throws<TabularDataException>(() => Read("a,b,c\n1,2,3\n4,5\n"));

        Assert.Contains("line 3", error.Message);
        Assert.Contains("2 field(s)", error.Message);
    }

    [Fact]
    public void Read_SameColumnTwiceInAnotherCase_FailsNamingIt()
    {
        var error = Assert.Throws<TabularDataException>(() => Read("Churn,x,churn\n1,2,3\n"));

        Assert.Contains("'Churn'", error.Message);
    }

    [Fact]
    public void Read_UnclosedQuote_FailsNamingTheLineItStarts()
    {
        var error = Assert.Throws<TabularDataException>(() => Read("a,b\n1,\"open\n2,3\n"));

        Assert.Contains("line 2", error.Message);
        Assert.Contains("quoted", error.Message);
    }

    [Fact]
    public void Read_MissingFile_FailsNamingIt()
    {
        var error = Assert.Throws<TabularDataException>(() => TabularCsv.Read(Path.Combine(Path.GetTempPath(), "no-such-churn-file.csv")));

        Assert.Contains("no-such-churn-file.csv", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?")]
    [InlineData(" ? ")]
    public void IsMissing_BlankOrQuestionMark_IsMissing(string field) => Assert.True(TabularCsv.IsMissing(field));

    [Theory]
    [InlineData("0")]
    [InlineData("no")]
    [InlineData("??")]
    public void IsMissing_AnyValue_IsNotMissing(string field) => Assert.False(TabularCsv.IsMissing(field));

    [Fact]
    public void IsNumeric_NumbersWithMissingValues_IsNumeric()
    {
        Assert.True(TabularCsv.IsNumeric(["1", " 2.5 ", "", "?", "-3e2"]));
    }

    [Fact]
    public void IsNumeric_OneWord_IsCategorical()
    {
        Assert.False(TabularCsv.IsNumeric(["1", "2", "three"]));
        Assert.False(TabularCsv.IsNumeric(["1,5"]));
        Assert.False(TabularCsv.IsNumeric(["NaN"]));
    }

    [Fact]
    public void IsNumeric_OnlyMissingValues_IsUnknown()
    {
        Assert.Null(TabularCsv.IsNumeric(["", "?"]));
    }
}
