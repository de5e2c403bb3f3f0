using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Cli;

/// <summary>The experiment statistics commands, in-process; they compute from counts and never open the database.</summary>
public sealed class StatsCliTests
{
    // The commands need no database; the host still wants a connection string to build its services.
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:OpsConsole"] = "Data Source=unused.db" })
        .Build();

    /// <summary>
    /// 100/1000 against 130/1000, checked by hand: SE = sqrt(.1·.9/1000 + .13·.87/1000) = 0.0142513, interval
    /// 0.03 ± 1.959964·SE = (0.0020679, 0.0579321), p = 2(1 − Φ(2.1051)) = 0.0352853, chance to win Φ(2.1051) = 0.9823573.
    /// </summary>
    [Fact]
    public async Task StatsProportions_Json_PrintsTheUnpooledZResult()
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "stats", "proportions", "--control", "1000:100", "--treatment", "1000:130", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["p_value", "ci_low", "ci_high", "lift", "chance_to_win"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.0352853, root.GetProperty("p_value").GetDouble(), 7);
        Assert.Equal(0.0020679, root.GetProperty("ci_low").GetDouble(), 7);
        Assert.Equal(0.0579321, root.GetProperty("ci_high").GetDouble(), 7);
        Assert.Equal(0.03, root.GetProperty("lift").GetDouble(), 12);
        Assert.Equal(0.9823573, root.GetProperty("chance_to_win").GetDouble(), 7);
    }

    [Fact]
    public async Task StatsProportions_StricterAlpha_WidensTheInterval()
    {
        var (_, at05) = await CliRunner.RunAsync(Configuration, "stats", "proportions", "--control", "1000:100", "--treatment", "1000:130", "--json");
        var (exit, at01) = await CliRunner.RunAsync(Configuration, "stats", "proportions", "--control", "1000:100", "--treatment", "1000:130", "--alpha", "0.01", "--json");

        Assert.Equal(0, exit);
        using var wide = JsonDocument.Parse(at01);
        using var narrow = JsonDocument.Parse(at05);
        // z₀.₉₉₅ = 2.5758293 (bisection on math.erf): 0.03 − 2.5758293·0.0142513 = −0.0067090
        Assert.Equal(-0.0067090, wide.RootElement.GetProperty("ci_low").GetDouble(), 7);
        Assert.True(wide.RootElement.GetProperty("ci_high").GetDouble() > narrow.RootElement.GetProperty("ci_high").GetDouble());
    }

    [Fact]
    public async Task StatsProportions_Table_ShowsRatesDifferenceAndVerdict()
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "stats", "proportions", "--control", "1000:100", "--treatment", "1000:130");

        Assert.Equal(0, exit);
        Assert.Contains("10.00", output);
        Assert.Contains("13.00", output);
        Assert.Contains("+3.000 pp", output);
        Assert.Contains("+0.207 pp to +5.793 pp", output);
        Assert.Contains("+30.00%", output);
        Assert.Contains("converts better", output);
    }

    [Theory]
    [InlineData("--control", "10:12", "1000:130")]
    [InlineData("--control", "abc", "1000:130")]
    [InlineData("--control", "0:0", "1000:130")]
    [InlineData("--treatment", "1000:100", "100:-1")]
    [InlineData("--treatment", "1000:100", "1000")]
    public async Task StatsProportions_BadArm_FailsNamingTheOption(string option, string control, string treatment)
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "stats", "proportions", "--control", control, "--treatment", treatment, "--json");

        Assert.NotEqual(0, exit);
        Assert.Contains(option, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("1.5")]
    public async Task StatsProportions_BadAlpha_FailsNamingAlpha(string alpha)
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "stats", "proportions", "--control", "100:10", "--treatment", "100:12", "--alpha", alpha);

        Assert.NotEqual(0, exit);
        Assert.Contains("--alpha", output);
    }

    [Fact]
    public async Task StatsProportions_WithoutTreatment_FailsAskingForIt()
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "stats", "proportions", "--control", "100:10");

        Assert.NotEqual(0, exit);
        Assert.Contains("--treatment", output);
    }

    /// <summary>χ² = 2·200²/5,200 = 15.3846, p = erfc(sqrt(15.3846/2)) = 8.76994e−5 (one degree of freedom).</summary>
    [Fact]
    public async Task StatsSrm_Json_PrintsThePValue()
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "stats", "srm", "--counts", "5000,5400", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["p_value"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(8.76994e-5, json.RootElement.GetProperty("p_value").GetDouble(), 10);
    }

    /// <summary>Weights 20:80 are normalised: expected 2,000 and 8,000, χ² = 6.25, p = erfc(sqrt(3.125)) = 0.0124193.</summary>
    [Fact]
    public async Task StatsSrm_Weights_AreNormalised()
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "stats", "srm", "--counts", "2100,7900", "--weights", "20,80", "--json");
        var (_, asShares) = await CliRunner.RunAsync(Configuration, "stats", "srm", "--counts", "2100,7900", "--weights", "0.2,0.8", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        using var shares = JsonDocument.Parse(asShares);
        Assert.Equal(0.0124193, json.RootElement.GetProperty("p_value").GetDouble(), 7);
        Assert.Equal(json.RootElement.GetProperty("p_value").GetDouble(), shares.RootElement.GetProperty("p_value").GetDouble(), 12);
    }

    [Fact]
    public async Task StatsSrm_ThreeArmsTable_ReportsNoMismatch()
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "stats", "srm", "--counts", "1000,1000,1100");

        Assert.Equal(0, exit);
        Assert.Contains("variant 2", output);
        Assert.Contains("0.03972", output);
        Assert.Contains("No sample ratio mismatch", output);
    }

    [Fact]
    public async Task StatsSrm_SkewedSplitTable_WarnsOfMismatch()
    {
        var (exit, output) = await CliRunner.RunAsync(Configuration, "stats", "srm", "--counts", "5000,5400");

        Assert.Equal(0, exit);
        Assert.Contains("Sample ratio mismatch", output);
    }

    [Theory]
    [InlineData("10,x", null, "--counts")]
    [InlineData("10", null, "--counts")]
    [InlineData("10,-3", null, "--counts")]
    [InlineData("10,10", "1,0", "--weights")]
    [InlineData("10,10", "1,1,1", "--weights")]
    [InlineData("10,10", "a,b", "--weights")]
    public async Task StatsSrm_BadInput_FailsNamingTheOption(string counts, string? weights, string option)
    {
        string[] args = weights is null
            ? ["stats", "srm", "--counts", counts, "--json"]
            : ["stats", "srm", "--counts", counts, "--weights", weights, "--json"];

        var (exit, output) = await CliRunner.RunAsync(Configuration, args);

        Assert.NotEqual(0, exit);
        Assert.Contains(option, output);
        Assert.DoesNotContain("   at ", output);
    }
}
