using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OpsConsole.Cli;
using Spectre.Console.Testing;

namespace OpsConsole.Tests.Support;

/// <summary>The intent yardstick command, in-process on small generated CSV files.</summary>
public sealed class IntentCliTests : IDisposable
{
    // The command needs no database; the host still wants a connection string to build its services.
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:OpsConsole"] = "Data Source=unused.db" })
        .Build();

    private readonly string _folder = Directory.CreateTempSubdirectory("intents-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var console = new TestConsole().Width(400);
        var exit = await OpsCli.RunAsync(args, Configuration, console);
        return (exit, console.Output);
    }

    [Fact]
    public async Task IntentsEvaluate_Json_PrintsTheYardstickKeys()
    {
        var train = Write("train.csv", TicketCorpus.Csv(TicketCorpus.Training()));
        var test = Write("test.csv", TicketCorpus.Csv(TicketCorpus.HeldOut));

        var (exit, output) = await RunAsync("intents", "evaluate", "--train", train, "--test", test, "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["accuracy", "macro_f1", "train_seconds", "classes"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(4, json.RootElement.GetProperty("classes").GetInt32());
        Assert.Equal(1.0, json.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Equal(1.0, json.RootElement.GetProperty("macro_f1").GetDouble());
        Assert.True(json.RootElement.GetProperty("train_seconds").GetDouble() > 0);
    }

    [Fact]
    public async Task IntentsEvaluate_Table_ReportsAccuracyAndMacroF1()
    {
        var train = Write("train.csv", TicketCorpus.Csv(TicketCorpus.Training()));
        var test = Write("test.csv", TicketCorpus.Csv([.. TicketCorpus.HeldOut, ("The coupon code says it is invalid.", "coupon")]));

        var (exit, output) = await RunAsync("intents", "evaluate", "--train", train, "--test", test);

        Assert.Equal(0, exit);
        Assert.Contains("Accuracy", output);
        Assert.Contains("0.8889", output);
        Assert.Contains("Macro-F1", output);
        Assert.Contains("coupon", output);
    }

    [Fact]
    public async Task IntentsEvaluate_MissingFile_FailsNamingIt()
    {
        var test = Write("test.csv", TicketCorpus.Csv(TicketCorpus.HeldOut));
        var missing = Path.Combine(_folder, "nowhere.csv");

        var (exit, output) = await RunAsync("intents", "evaluate", "--train", missing, "--test", test);

        Assert.NotEqual(0, exit);
        Assert.Contains("nowhere.csv", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("", "line 1", "empty")]
    [InlineData("my card never arrived,card_arrival\n", "line 1", "header")]
    [InlineData("text,category\nfine,ok\nno second field\n", "line 3", "'category'")]
    [InlineData("text,category\n\"\",ok\n", "line 2", "'text'")]
    public async Task IntentsEvaluate_BadTestFile_FailsNamingLineAndField(string content, string line, string detail)
    {
        var train = Write("train.csv", TicketCorpus.Csv(TicketCorpus.Training()));
        var test = Write("bad.csv", content);

        var (exit, output) = await RunAsync("intents", "evaluate", "--train", train, "--test", test);

        Assert.NotEqual(0, exit);
        Assert.Contains("bad.csv", output);
        Assert.Contains(line, output);
        Assert.Contains(detail, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task IntentsEvaluate_TrainingWithOneIntent_FailsSayingSo()
    {
        var train = Write("train.csv", "text,category\nrefund please,refund\nmoney back,refund\n");
        var test = Write("test.csv", "text,category\nrefund please,refund\n");

        var (exit, output) = await RunAsync("intents", "evaluate", "--train", train, "--test", test);

        Assert.NotEqual(0, exit);
        Assert.Contains("two intents", output);
    }

    [Fact]
    public async Task IntentsEvaluate_WithoutTest_FailsAsking()
    {
        var (exit, output) = await RunAsync("intents", "evaluate", "--train", "x.csv");

        Assert.NotEqual(0, exit);
        Assert.Contains("--test", output);
    }
}
