using OpsConsole.Analytics;
using OpsConsole.Web.Components.Analysis;

namespace OpsConsole.Tests.Analysis;

public sealed class RetentionMathTests
{
    private static RetentionCohort Cohort(params int[] retained) => new(new DateOnly(2026, 1, 5), retained[0], retained, true);

    [Fact]
    public void Rate_FinishedAndUnfinishedPeriods_IsShareOrNull()
    {
        var cohort = Cohort(40, 10, 4);

        Assert.Equal(0.25, RetentionMath.Rate(cohort, 1));
        Assert.Equal(0.1, RetentionMath.Rate(cohort, 2));
        Assert.Null(RetentionMath.Rate(cohort, 3));
        Assert.Null(RetentionMath.Rate(Cohort(0, 0), 1));
    }

    [Fact]
    public void AverageCurve_CohortsOfDifferentSizes_WeighsByLearnersOverCohortsThatFinishedThePeriod()
    {
        // Period 1: (50 + 1) / (100 + 10); period 2 only the first cohort has finished: 20 / 100.
        var curve = RetentionMath.AverageCurve([Cohort(100, 50, 20), Cohort(10, 1), Cohort(0)], periods: 3);

        Assert.Equal(1.0, curve[0]);
        Assert.Equal(51.0 / 110, curve[1]!.Value, 12);
        Assert.Equal(0.2, curve[2]!.Value, 12);
        Assert.Null(curve[3]);
    }

    [Fact]
    public void AverageCurve_NoLearners_IsAllNull()
    {
        Assert.All(RetentionMath.AverageCurve([Cohort(0, 0)], periods: 1), v => Assert.Null(v));
    }

    [Fact]
    public void HeatAlpha_HigherRate_IsNeverLighterAndStaysInRange()
    {
        var alphas = Enumerable.Range(0, 101).Select(p => RetentionMath.HeatAlpha(p / 100.0)).ToList();

        Assert.Equal(alphas.Order(), alphas);
        Assert.True(alphas[0] > 0 && alphas[^1] <= 0.9, $"{alphas[0]}..{alphas[^1]}");
        // Small rates must still be told apart: 5% is clearly darker than 1%.
        Assert.True(RetentionMath.HeatAlpha(0.05) - RetentionMath.HeatAlpha(0.01) > 0.08);
    }

    [Fact]
    public void HeatStyle_DarkCell_UsesLightText()
    {
        Assert.Contains("color:#fff", RetentionMath.HeatStyle(0.9));
        Assert.DoesNotContain("color:", RetentionMath.HeatStyle(0.02).Replace("background-color", ""));
        Assert.StartsWith("background-color:rgba(var(--mud-palette-primary-rgb),", RetentionMath.HeatStyle(0.3));
    }
}
