using Microsoft.AspNetCore.WebUtilities;
using OpsConsole.Analytics;
using OpsConsole.Ingestion;
using OpsConsole.Web.Components.Analysis;

namespace OpsConsole.Tests.Analysis;

public sealed class AnalysisRequestsTests
{
    private static Dictionary<string, string?> Query(string url) =>
        QueryHelpers.ParseQuery(new Uri("http://x" + url).Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

    [Fact]
    public void RetentionExport_EveryOption_ParsesBackToTheSameRequest()
    {
        var request = new RetentionRequest(EventType.Purchase, EventType.View, CalendarPeriod.Month, 6, new DateOnly(2025, 11, 1), new DateOnly(2026, 5, 1),
            Unbounded: true, SegmentId: 7, Breakdown: LearnerBreakdown.Region);

        var url = AnalysisRequests.RetentionExport(request);
        var q = Query(url);
        var parsed = BehaviorQueryArguments.Retention(new RetentionArguments(q["cohortEvent"], q["returnEvent"], q["period"], q["periods"], q["from"], q["to"],
            q.GetValueOrDefault("unbounded"), q.GetValueOrDefault("segment"), q.GetValueOrDefault("breakdown")));

        Assert.StartsWith(AnalysisRequests.RetentionExportPath + "?", url);
        Assert.Equal(request, parsed.Value);
    }

    [Fact]
    public void FunnelExport_NoFilters_LeavesThemOutAndParsesBack()
    {
        var request = new FunnelRequest([EventType.View, EventType.LessonProgress, EventType.Purchase], 72, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1));

        var url = AnalysisRequests.FunnelExport(request);
        var q = Query(url);
        var parsed = BehaviorQueryArguments.Funnel(new FunnelArguments(q["steps"], q["windowHours"], q["from"], q["to"])).Value!;

        Assert.DoesNotContain("segment", url);
        Assert.DoesNotContain("breakdown", url);
        Assert.Equal(request.Steps, parsed.Steps);
        Assert.Equal(request with { Steps = parsed.Steps }, parsed);
    }

    [Fact]
    public void Check_TooManyDailyCohorts_ExplainsTheLimit()
    {
        var request = new RetentionRequest(EventType.Signup, null, CalendarPeriod.Day, 7, new DateOnly(2024, 1, 1), new DateOnly(2026, 1, 1));

        Assert.Contains("366", AnalysisRequests.Check(request));
        Assert.Null(AnalysisRequests.Check(request with { Period = CalendarPeriod.Week }));
    }
}
