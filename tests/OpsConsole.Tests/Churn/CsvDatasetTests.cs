using OpsConsole.Retention.Churn;

namespace OpsConsole.Tests.Churn;

public sealed class CsvDatasetTests
{
    private const string Customers = """
        CustomerID,Tenure,Contract,Charges,Churn
        c1,3,Month-to-month,70.5,Yes
        c2,40,Two year,?,no
        c3,,One year,20,No
        c4,12,,55,yes
        c5,7,Month-to-month,80,
        """;

    private static CsvTable Table(string text) => TabularCsv.Read(new StringReader(text), "customers.csv");

    [Fact]
    public void FromTable_NamesInAnotherCase_FindLabelAndIdAndTypeTheOtherColumns()
    {
        var data = CsvDataset.FromTable(Table(Customers), "churn", id: "customerid");

        Assert.Equal(["Tenure", "Charges"], data.Schema.Numeric);
        Assert.Equal(["Contract"], data.Schema.Categorical);
        Assert.Equal(["CustomerID"], data.IgnoredColumns);
        Assert.Equal("Churn", data.LabelColumn);
        Assert.Equal("Yes", data.PositiveValue);
        // Label values are compared without case; the row without a label is left out.
        Assert.Equal([true, false, false, true], data.Examples.Select(e => e.Label));
        Assert.Equal(1, data.RowsWithoutLabel);
    }

    [Fact]
    public void FromTable_BlanksAndQuestionMarks_BecomeMissingValues()
    {
        var data = CsvDataset.FromTable(Table(Customers), "Churn", id: "CustomerID");

        Assert.True(double.IsNaN(data.Examples[1].Row.Numeric[1]));
        Assert.True(double.IsNaN(data.Examples[2].Row.Numeric[0]));
        Assert.Null(data.Examples[3].Row.Categorical[0]);
        Assert.Equal(70.5, data.Examples[0].Row.Numeric[1]);
    }

    [Fact]
    public void FromTable_WithoutId_LearnsFromTheIdColumnToo()
    {
        var data = CsvDataset.FromTable(Table(Customers), "Churn");

        Assert.Contains("CustomerID", data.Schema.Categorical);
        Assert.Empty(data.IgnoredColumns);
    }

    [Fact]
    public void FromTable_MissingLabelColumn_FailsListingTheHeader()
    {
        var error = Assert.Throws<TabularDataException>(() => CsvDataset.FromTable(Table(Customers), "exited"));

        Assert.Contains("'exited'", error.Message);
        Assert.Contains("'Tenure'", error.Message);
    }

    [Fact]
    public void FromTable_MissingIdColumn_FailsNamingIt()
    {
        var error = Assert.Throws<TabularDataException>(() => CsvDataset.FromTable(Table(Customers), "Churn", id: "client"));

        Assert.Contains("'client'", error.Message);
    }

    [Fact]
    public void FromTable_OneClassOnly_FailsSayingSo()
    {
        var error = Assert.Throws<TabularDataException>(() => CsvDataset.FromTable(Table("x,churn\n1,no\n2,No\n3,\n"), "churn"));

        Assert.Contains("only one class", error.Message);
    }

    [Fact]
    public void FromTable_PositiveValueAbsent_FailsListingTheValues()
    {
        var error = Assert.Throws<TabularDataException>(() => CsvDataset.FromTable(Table(Customers), "Churn", positive: "left"));

        Assert.Contains("'left'", error.Message);
        Assert.Contains("'no'", error.Message);
        Assert.Contains("'Yes'", error.Message);
    }

    [Fact]
    public void FromTable_PositiveGiven_OtherValuesAreNegative()
    {
        var data = CsvDataset.FromTable(Table("x,plan\n1,gold\n2,silver\n3,bronze\n4,GOLD\n"), "plan", positive: "gold");

        Assert.Equal([true, false, false, true], data.Examples.Select(e => e.Label));
        Assert.Equal(["bronze", "silver"], data.NegativeValues);
    }

    [Fact]
    public void FromTable_ThreeValuesWithoutPositive_FailsAskingForIt()
    {
        var error = Assert.Throws<TabularDataException>(() => CsvDataset.FromTable(Table("x,plan\n1,gold\n2,silver\n3,bronze\n"), "plan"));

        Assert.Contains("--positive", error.Message);
    }

    [Fact]
    public void FromTable_LabelIsTheId_Fails()
    {
        Assert.Throws<TabularDataException>(() => CsvDataset.FromTable(Table(Customers), "Churn", id: "churn"));
    }

    [Theory]
    [InlineData("No", "Yes", "Yes")]
    [InlineData("yes", "no", "yes")]
    [InlineData("False", "True", "True")]
    [InlineData("0", "1", "1")]
    [InlineData("1", "2", "2")]
    [InlineData("0.0", "1.0", "1.0")]
    [InlineData("stayed", "churned", "churned")]
    [InlineData("Exited", "Retained", "Exited")]
    [InlineData("bad", "good", "good")]
    [InlineData("B", "a", "B")]
    public void ChoosePositive_TwoValues_FollowsTheDocumentedRule(string first, string second, string expected)
    {
        Assert.Equal(expected, CsvDataset.ChoosePositive(first, second));
        Assert.Equal(expected, CsvDataset.ChoosePositive(second, first));
    }
}
