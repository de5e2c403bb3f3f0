using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Cli;

/// <summary>The recommendation yardstick command, in-process on small generated ratings files.</summary>
public sealed class RecsCliTests : IDisposable
{
    // The command needs no database; the host still wants a connection string to build its services.
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:OpsConsole"] = "Data Source=unused.db" })
        .Build();

    private readonly string _folder = Directory.CreateTempSubdirectory("recs-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Three taste groups of learners, each rating most of its group's films and one film at random.</summary>
    private string WriteRatings(string name, bool csv)
    {
        var random = new Random(5);
        var text = new StringBuilder(csv ? "userId,movieId,rating,timestamp\n" : "");
        var time = 880_000_000L;
        for (var user = 1; user <= 60; user++)
        {
            var group = user % 3;
            var films = Enumerable.Range(group * 12 + 1, 12).OrderBy(_ => random.Next()).Take(8).Append(random.Next(1, 37)).Distinct();
            foreach (var film in films)
            {
                var rating = random.Next(1, 6).ToString(CultureInfo.InvariantCulture);
                text.Append(csv ? $"{user},{film},{rating}.0,{time}\n" : $"{user}\t{film}\t{rating}\t{time}\n");
                time += 60;
            }
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
    public async Task RecsEvaluate_Json_PrintsOneObjectPerAlgorithmWithTheYardstickKeys()
    {
        var path = WriteRatings("u.data", csv: false);

        var (exit, output) = await CliRunner.RunAsync(Configuration, "recs", "evaluate", "--ratings", path, "--k", "5", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["ease", "itemknn", "sequence", "popularity"], rows.Select(r => r.GetProperty("algorithm").GetString()));
        Assert.All(rows, row =>
        {
            Assert.Equal(["algorithm", "k", "map", "ndcg", "precision", "recall", "train_seconds"], row.EnumerateObject().Select(p => p.Name));
            Assert.Equal(5, row.GetProperty("k").GetInt32());
            Assert.InRange(row.GetProperty("ndcg").GetDouble(), 0, 1);
        });
        Assert.True(rows[0].GetProperty("ndcg").GetDouble() > rows[3].GetProperty("ndcg").GetDouble());
    }

    [Fact]
    public async Task RecsEvaluate_CsvWithOneAlgorithm_PrintsATable()
    {
        var path = WriteRatings("ratings.csv", csv: true);

        var (exit, output) = await CliRunner.RunAsync(Configuration, "recs", "evaluate", "--ratings", path, "--algorithm", "ease", "--k", "10", "--ratio", "0.8", "--seed", "7");

        Assert.Equal(0, exit);
        Assert.Contains("NDCG@10", output);
        Assert.Contains("ease", output);
        Assert.DoesNotContain("popularity", output);
        Assert.Contains("80% train", output);
    }

    [Fact]
    public async Task RecsEvaluate_SplitByUser_SaysSoAndEvaluates()
    {
        var path = WriteRatings("u.data", csv: false);

        var (exit, output) = await CliRunner.RunAsync(Configuration, "recs", "evaluate", "--ratings", path, "--algorithm", "popularity", "--split", "user");

        Assert.Equal(0, exit);
        Assert.Contains("each user's ratings split 75% train", output);
        Assert.Contains("popularity", output);
    }

    [Fact]
    public async Task RecsEvaluate_SameSeedTwice_PrintsTheSameMetrics()
    {
        var path = WriteRatings("u.data", csv: false);

        var first = await CliRunner.RunAsync(Configuration, "recs", "evaluate", "--ratings", path, "--algorithm", "itemknn", "--json");
        var second = await CliRunner.RunAsync(Configuration, "recs", "evaluate", "--ratings", path, "--algorithm", "itemknn", "--json");

        static string Metrics(string output) =>
            JsonDocument.Parse(output).RootElement[0].GetProperty("ndcg").GetRawText() + JsonDocument.Parse(output).RootElement[0].GetProperty("map").GetRawText();
        Assert.Equal(Metrics(first.Output), Metrics(second.Output));
    }

    [Fact]
    public async Task RecsEvaluate_UnparseableLine_FailsNamingFileLineAndFieldWithoutStackTrace()
    {
        var path = Write("u.data", "1\t10\t4\t881250949\n2\t10\t5\t881250950\n3\t11\tgood\t881250951\n");

        var (exit, output) = await CliRunner.RunAsync(Configuration, "recs", "evaluate", "--ratings", path);

        Assert.NotEqual(0, exit);
        Assert.Contains("line 3", output);
        Assert.Contains("'rating'", output);
        Assert.Contains("u.data", output);
        Assert.DoesNotContain(" at OpsConsole", output);
    }

    [Theory]
    [InlineData("")]
    [InlineData("userId,movieId,rating,timestamp\n")]
    public async Task RecsEvaluate_NoRatings_FailsSayingSo(string text)
    {
        var path = Write("ratings.csv", text);

        var (exit, output) = await CliRunner.RunAsync(Configuration, "recs", "evaluate", "--ratings", path);

        Assert.NotEqual(0, exit);
        Assert.Contains("ratings.csv", output);
    }

    [Fact]
    public async Task RecsEvaluate_MissingFile_FailsNamingIt()
    {
        var path = Path.Combine(_folder, "nowhere.data");

        var (exit, output) = await CliRunner.RunAsync(Configuration, "recs", "evaluate", "--ratings", path);

        Assert.NotEqual(0, exit);
        Assert.Contains("nowhere.data", output);
    }

    [Fact]
    public async Task RecsEvaluate_UnknownAlgorithm_FailsListingTheKnownOnes()
    {
        var path = WriteRatings("u.data", csv: false);

        var (exit, output) = await CliRunner.RunAsync(Configuration, "recs", "evaluate", "--ratings", path, "--algorithm", "bpr");

        Assert.NotEqual(0, exit);
        Assert.Contains("ease, itemknn", output);
    }
}
