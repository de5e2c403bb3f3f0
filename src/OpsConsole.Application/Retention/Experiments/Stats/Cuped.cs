namespace OpsConsole.Retention.Experiments.Stats;

/// <summary>
/// CUPED (controlled experiments using pre-experiment data): subtracting θ·X, the part of the metric Y that the
/// pre-period covariate X predicts, removes variance that has nothing to do with the treatment. θ = cov(Y, X)/var(X)
/// is pooled over all arms, as GrowthBook does, so it does not depend on the assignment. Each arm's mean becomes
/// ȳ − θ(x̄ − x̄_pooled), which keeps it on the metric's own scale (so relative effects still read as lifts), and its
/// variance σ²Y + θ²σ²X − 2θσXY.
/// </summary>
public static class Cuped
{
    public static double Theta(IReadOnlyList<ArmSummary> arms)
    {
        var pre = PrePeriods(arms);
        long n = 0;
        double sumY = 0, sumX = 0, sumXx = 0, sumXy = 0;
        for (var i = 0; i < arms.Count; i++)
        {
            n += arms[i].N;
            sumY += arms[i].Sum;
            sumX += pre[i].Sum;
            sumXx += pre[i].SumOfSquares;
            sumXy += pre[i].SumOfProducts;
        }
        if (n < 2)
        {
            return 0;
        }
        var varianceX = (sumXx - sumX * sumX / n) / (n - 1);
        var covariance = (sumXy - sumX * sumY / n) / (n - 1);
        // A covariate without spread predicts nothing: no adjustment.
        return varianceX > 0 ? covariance / varianceX : 0;
    }

    public static CupedResult Adjust(IReadOnlyList<ArmSummary> arms)
    {
        var pre = PrePeriods(arms);
        var theta = Theta(arms);
        var pooledX = pre.Sum(p => p.Sum) / arms.Sum(a => (double)a.N);
        var adjusted = new ArmMoments[arms.Count];
        for (var i = 0; i < arms.Count; i++)
        {
            var arm = arms[i];
            var n = arm.N;
            var meanX = pre[i].Sum / n;
            var varianceX = n < 2 ? 0 : Math.Max(0, (pre[i].SumOfSquares - pre[i].Sum * pre[i].Sum / n) / (n - 1));
            var covariance = n < 2 ? 0 : (pre[i].SumOfProducts - pre[i].Sum * arm.Sum / n) / (n - 1);
            var variance = arm.Variance + theta * theta * varianceX - 2 * theta * covariance;
            adjusted[i] = new ArmMoments(n, arm.Mean - theta * (meanX - pooledX), Math.Max(variance, 0));
        }
        return new CupedResult(theta, adjusted);
    }

    private static CovariateSums[] PrePeriods(IReadOnlyList<ArmSummary> arms)
    {
        ArgumentNullException.ThrowIfNull(arms);
        if (arms.Count == 0)
        {
            throw new StatsInputException("Arms", "Arms: CUPED needs at least one arm.");
        }
        var pre = new CovariateSums[arms.Count];
        for (var i = 0; i < arms.Count; i++)
        {
            arms[i].Validate($"Arms[{i}].");
            pre[i] = arms[i].PrePeriod
                ?? throw new StatsInputException($"Arms[{i}].PrePeriod", $"Arms[{i}].PrePeriod: CUPED needs the pre-period covariate of every arm.");
        }
        return pre;
    }
}
