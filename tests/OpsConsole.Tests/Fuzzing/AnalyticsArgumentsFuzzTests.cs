using System.Globalization;
using CsCheck;
using OpsConsole.Analytics;
using OpsConsole.Ingestion;

namespace OpsConsole.Tests.Fuzzing;

/// <summary>Query-string parameters of the analytics API (dates, steps, periods, segments, breakdowns) as any caller may type them.</summary>
public sealed class AnalyticsArgumentsFuzzTests
{
    private static readonly Gen<string?> Param = Gen.Frequency(
        (3, Hostile.Text.Select(s => (string?)s)),
        (1, Gen.Const<string?>((string?)null)),
        (2, Gen.OneOf<string?>("day", "week", "month", "any", "first_purchase", "true", "0", "-1", "52", "53", "2147483648", "+3", " 3", "after", "before",
            "1999-12-31", "2000-01-01", "2100-01-01", "2100-01-02", "0001-01-01", "9999-12-31", "2026-02-29", "2024-02-29", "2026-5-1", "channel", "tier")),
        (2, Gen.DateOnly.Select(d => (string?)d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        (1, Gen.OneOf([.. EventTypes.Names]).Array[0, 10].Select(a => (string?)string.Join(",", a))));

    private static void AssertParsed<T>(Parsed<T> parsed, params string[] parameters) where T : class
    {
        Assert.All(parsed.Errors.Keys, k => Assert.Contains(k, parameters));
        Assert.All(parsed.Errors.Values, v => Assert.NotEmpty(v));
        Assert.Equal(parsed.Value is null, parsed.Errors.Count > 0);
    }

    [Fact]
    public void Retention_HostileParameters_ReportsEachProblemAgainstItsParameter() =>
        Fuzz.Run(Gen.Select(Param, Param, Param, Param, Param, Param, Param, Param), t =>
        {
            var (cohort, ret, period, periods, from, to, unbounded, segment) = t;
            var parsed = BehaviorQueryArguments.Retention(new RetentionArguments(cohort, ret, period, periods, from, to, unbounded, segment, segment));
            AssertParsed(parsed, "cohortEvent", "returnEvent", "period", "periods", "from", "to", "unbounded", "segment", "breakdown");
            if (parsed.Value is { } request)
            {
                Assert.True(request.From <= request.To);
                Assert.InRange(request.Periods, 1, BehaviorQueryArguments.MaxPeriods);
            }
        }, iterations: 3_000, stream: 41);

    [Fact]
    public void Funnel_HostileParameters_ReportsEachProblemAgainstItsParameter() =>
        Fuzz.Run(Gen.Select(Param, Param, Param, Param, Param, Param), t =>
        {
            var (steps, window, from, to, segment, breakdown) = t;
            var parsed = BehaviorQueryArguments.Funnel(new FunnelArguments(steps, window, from, to, segment, breakdown));
            AssertParsed(parsed, "steps", "windowHours", "from", "to", "segment", "breakdown");
            if (parsed.Value is { } request)
            {
                Assert.InRange(request.Steps.Count, BehaviorQueryArguments.MinSteps, BehaviorQueryArguments.MaxSteps);
                Assert.Equal(request.Steps.Count, request.Steps.Distinct().Count());
            }
        }, iterations: 3_000, stream: 42);

    [Fact]
    public void Journeys_HostileParameters_ReportEachProblemAgainstItsParameter() =>
        Fuzz.Run(Gen.Select(Param, Param, Param, Param, Param, Param, Param, Param), t =>
        {
            var (ev, direction, steps, from, to, segment, maxEdges, breakdown) = t;
            AssertParsed(JourneyArguments.Paths(new PathsArguments(ev, direction, steps, from, to, segment, maxEdges, breakdown)),
                "event", "direction", "steps", "from", "to", "segment", "maxEdges", "breakdown");
            AssertParsed(JourneyArguments.Lifecycle(new PeriodRangeArguments(direction, from, to, segment, breakdown)), "period", "from", "to", "segment", "breakdown");
            AssertParsed(JourneyArguments.Stickiness(new PeriodRangeArguments(direction, from, to, segment, breakdown)), "period", "from", "to", "segment", "breakdown");
            AssertParsed(JourneyArguments.Compass(new CompassArguments(ev, from, to, segment, breakdown)), "cohortEvent", "from", "to", "segment", "breakdown");
        }, iterations: 3_000, stream: 43);

    [Fact]
    public void Retention_ValidRanges_ParseToTheSameDays()
    {
        var ranges = Gen.Select(Gen.Int[0, 36_000], Gen.Int[0, 366], Gen.OneOf("day", "week", "month"))
            .Where((start, length, period) => period != "day" || length < BehaviorQueryArguments.MaxCohorts);
        Fuzz.Run(ranges, t =>
        {
            var (start, length, period) = t;
            var from = BehaviorQueryArguments.EarliestDay.AddDays(start);
            var to = from.AddDays(length);
            if (to > BehaviorQueryArguments.LatestDay) return;
            var parsed = BehaviorQueryArguments.Retention(new RetentionArguments("signup", "any", period, "8",
                from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "false"));
            Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.SelectMany(e => e.Value)));
            Assert.Equal((from, to, period), (parsed.Value!.From, parsed.Value.To, parsed.Value.Period.ToWireName()));
        }, iterations: 2_000, stream: 44);
    }
}
