using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Cli;

/// <summary>The churn yardstick command, in-process on small generated CSV files.</summary>
public sealed class ChurnCliTests : IDisposable
{
    // The command needs no database; the host still wants a connection string to build its services.
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:OpsConsole"] = "Data Source=unused.db" })
        .Build();

    private readonly string _folder = Directory.CreateTempSubdirectory("churn-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// Customers whose churn rises with support calls and the monthly contract and falls with tenure; a quoted payment
    /// method with a comma, blanks and question marks for missing values, and an id column.
    /// </summary>
    private string WriteCustomers(string name = "customers.csv", int rows = 600)
    {
        var random = new Random(11);
        var text = new StringBuilder("CustomerID,Tenure,Contract,Calls,Payment,Churn\n");
        for (var i = 0; i < rows; i++)
        {
            var tenure = random.Next(0, 72);
            var calls = random.Next(0, 6);
            var contract = random.Next(3) switch { 0 => "Month-to-month", 1 => "One year", _ => "Two year" };
            var payment = random.Next(2) == 0 ? "\"Bank transfer, automatic\"" : "Electronic check";
            var z = -1.2 - 0.04 * tenure + 0.8 * calls + (contract == "Month-to-month" ? 1.4 : -0.5);
            var churn = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? "Yes" : "No";
            var tenureText = i % 29 == 0 ? "" : i % 31 == 0 ? "?" : tenure.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"C{i:0000},{tenureText},{contract},{calls},{payment},{churn}\n");
        }
        return Write(name, text.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task ChurnEvaluate_Json_PrintsOneObjectWithTheYardstickKeys()
    {
        var path = WriteCustomers();

        var (exit, output) = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", path, "--label", "churn", "--id", "customerid", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["auc", "pr_auc", "log_loss", "rows", "train_seconds"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(600, json.RootElement.GetProperty("rows").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("auc").GetDouble(), 0.75, 1.0);
        Assert.InRange(json.RootElement.GetProperty("pr_auc").GetDouble(), 0.0, 1.0);
        Assert.InRange(json.RootElement.GetProperty("log_loss").GetDouble(), 0.0, 0.65);
        Assert.True(json.RootElement.GetProperty("train_seconds").GetDouble() > 0);
    }

    [Fact]
    public async Task ChurnEvaluate_Report_ShowsMetricsLiftCalibrationAndColumns()
    {
        var path = WriteCustomers();

        var (exit, output) = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", path, "--label", "Churn", "--id", "CustomerID");

        Assert.Equal(0, exit);
        Assert.Contains("positive class 'Yes'", output);
        Assert.Contains("2 numeric and 2 categorical columns", output);
        Assert.Contains("Not learned from: CustomerID", output);
        Assert.Contains("held out 120 (stratified)", output);
        Assert.Contains("PR-AUC", output);
        Assert.Contains("Lift by decile", output);
        Assert.Contains("Calibration", output);
        Assert.Contains("Calls", output);
    }

    [Fact]
    public async Task ChurnEvaluate_SameSeedTwice_PrintsTheSameMetrics_AnotherSeedSplitsOtherwise()
    {
        var path = WriteCustomers();

        var first = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", path, "--label", "churn", "--seed", "5", "--json");
        var second = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", path, "--label", "churn", "--seed", "5", "--json");
        var other = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", path, "--label", "churn", "--seed", "6", "--json");

        static string Metrics(string output) => JsonDocument.Parse(output).RootElement.GetProperty("auc").GetRawText()
            + JsonDocument.Parse(output).RootElement.GetProperty("log_loss").GetRawText();
        Assert.Equal(Metrics(first.Output), Metrics(second.Output));
        Assert.NotEqual(Metrics(first.Output), Metrics(other.Output));
    }

    [Fact]
    public async Task ChurnEvaluate_PositiveGiven_UsesThatClass()
    {
        var path = WriteCustomers();

        var (exit, output) = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", path, "--label", "churn", "--positive", "no");

        Assert.Equal(0, exit);
        Assert.Contains("positive class 'No'", output);
    }

    [Fact]
    public async Task ChurnEvaluate_MissingFile_FailsNamingItWithoutStackTrace()
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", Path.Combine(_folder, "nowhere.csv"), "--label", "churn");

        Assert.NotEqual(0, exit);
        Assert.Contains("nowhere.csv", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a,churn\n", "no rows")]
    [InlineData("a,b\n1,yes\n2,no\n", "no label column 'churn'")]
    [InlineData("a,churn\n1,yes\n2,yes\n3,Yes\n", "only one class")]
    [InlineData("a,churn\n1,yes\n2,no\n3\n", "line 4")]
    public async Task ChurnEvaluate_BadFile_FailsSayingWhyWithoutStackTrace(string content, string reason)
    {
        var path = Write("bad.csv", content);

        var (exit, output) = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", path, "--label", "churn");

        Assert.NotEqual(0, exit);
        Assert.Contains("bad.csv", output);
        Assert.Contains(reason, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task ChurnEvaluate_PositiveValueAbsent_FailsListingTheValues()
    {
        var path = WriteCustomers();

        var (exit, output) = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", path, "--label", "churn", "--positive", "left");

        Assert.NotEqual(0, exit);
        Assert.Contains("'left'", output);
        Assert.Contains("'Yes'", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task ChurnEvaluate_TooFewRowsOfAClass_FailsSayingSo()
    {
        var path = Write("tiny.csv", "a,churn\n1,yes\n2,no\n3,no\n4,no\n");

        var (exit, output) = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", path, "--label", "churn");

        Assert.NotEqual(0, exit);
        Assert.Contains("two rows of each class", output);
    }

    [Fact]
    public async Task ChurnEvaluate_WithoutLabel_FailsAskingForIt()
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "churn", "evaluate", "--csv", "x.csv");

        Assert.NotEqual(0, exit);
        Assert.Contains("--label", output);
    }
}
