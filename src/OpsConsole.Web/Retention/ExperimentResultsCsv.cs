using System.Globalization;
using System.Text;
using OpsConsole.Experiments.Results;

namespace OpsConsole.Web.Retention;

/// <summary>The results table of every metric as one CSV: a row per metric and variant, invariant culture.</summary>
public static class ExperimentResultsCsv
{
    public static string Write(ExperimentResults results)
    {
        var c = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("metric,primary,variant,learners,sum,mean,abs_lift,abs_ci_low,abs_ci_high,rel_lift,rel_ci_low,rel_ci_high,p_value,chance_to_win\n");
        foreach (var metric in results.Metrics)
        {
            foreach (var arm in metric.Arms)
            {
                var v = metric.Analysis?.Variants.FirstOrDefault(x => x.Name == arm.VariantKey);
                string F(double? x) => x?.ToString("R", c) ?? "";
                csv.Append(c, $"{metric.Metric.Code},{metric.IsPrimary},{arm.VariantKey},{arm.Learners},{F(arm.Sum)},{F(arm.Mean)},")
                   .Append(c, $"{F(v?.Absolute.Estimate)},{F(v?.Absolute.CiLow)},{F(v?.Absolute.CiHigh)},{F(v?.Relative?.Estimate)},{F(v?.Relative?.CiLow)},{F(v?.Relative?.CiHigh)},{F(v?.PValue)},{F(v?.ChanceToWin)}\n");
            }
        }
        return csv.ToString();
    }
}
