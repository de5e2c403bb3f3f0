using OpsConsole.Analytics;
using OpsConsole.Web.Components.Analysis;

namespace OpsConsole.Tests.Analysis;

public sealed class AnalysisCsvTests
{
    private static readonly DateOnly Jan5 = new(2026, 1, 5);

    private static async Task<string[]> Lines(Func<StringWriter, Task> write)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        await write(writer);
        return writer.ToString().TrimEnd('\n').Split('\n');
    }

    [Fact]
    public async Task WriteRetentionAsync_GroupsAndUnfinishedPeriods_WritesOneRowPerCohortWithBlanksForPendingCells()
    {
        var report = new RetentionReport("week",
            [new RetentionCohort(Jan5, 8, [8, 2, 1], true), new RetentionCohort(Jan5.AddDays(7), 3, [3, 1], false)],
            "channel",
            [new RetentionGroup("app, web", [new RetentionCohort(Jan5, 8, [8, 2, 1], true), new RetentionCohort(Jan5.AddDays(7), 3, [3, 1], false)])]);

        var lines = await Lines(w => AnalysisCsv.WriteRetentionAsync(w, report, periods: 2));

        Assert.Equal("group,cohort_start,cohort_size,complete,week_1_learners,week_1_percent,week_2_learners,week_2_percent", lines[0]);
        Assert.Equal("(all),2026-01-05,8,true,2,25,1,12.5", lines[1]);
        Assert.Equal("(all),2026-01-12,3,false,1,33.33,,", lines[2]);
        Assert.Equal("\"app, web\",2026-01-05,8,true,2,25,1,12.5", lines[3]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task WriteFunnelAsync_Steps_WritesConversionDropAndMedian()
    {
        var report = new FunnelReport(
        [
            new FunnelStep("view", 200, null, null, null),
            new FunnelStep("purchase", 50, 5400.5, 0.25, 0.25),
        ], 168);

        var lines = await Lines(w => AnalysisCsv.WriteFunnelAsync(w, report));

        Assert.Equal("group,step,event,learners,conversion_from_previous_percent,conversion_overall_percent,dropped,median_seconds_from_previous", lines[0]);
        Assert.Equal("(all),1,view,200,,,150,", lines[1]);
        Assert.Equal("(all),2,purchase,50,25,25,,5400.5", lines[2]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("@campaign", "'@campaign")]
    [InlineData("-12.5", "-12.5")]
    public void Escape_Value_QuotesAndDefusesFormulas(string value, string expected)
    {
        Assert.Equal(expected, AnalysisCsv.Escape(value));
    }
}
