using OpsConsole.Experiments;

namespace OpsConsole.Web.Components.Retention.Experiments;

/// <summary>The designer's editable copy of an experiment. The effect is typed in percent; the service keeps it as a share.</summary>
public sealed class ExperimentForm
{
    public sealed class Variant
    {
        public string Key { get; set; } = "";
        public string Name { get; set; } = "";
        public double Weight { get; set; }
        public string Payload { get; set; } = "{}";
        public decimal CostPerLearner { get; set; }
        public bool IsControl { get; set; }
    }

    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string Hypothesis { get; set; } = "";
    public int? SegmentId { get; set; }
    public string Seed { get; set; } = "";
    public ExperimentMetric PrimaryMetric { get; set; } = ExperimentMetric.RetentionDayN;
    public int? RetentionDay { get; set; } = 7;
    public IReadOnlyCollection<MetricSpec> Guardrails { get; set; } = [];
    public double EffectPercent { get; set; } = 5;
    public List<Variant> Variants { get; } = [];

    /// <summary>A fresh design: control and one treatment, half the traffic each.</summary>
    public static ExperimentForm New()
    {
        var form = new ExperimentForm();
        form.Variants.Add(new Variant { Key = "control", Name = "Control", Weight = 0.5, IsControl = true });
        form.Variants.Add(new Variant { Key = "treatment", Name = "Treatment", Weight = 0.5 });
        return form;
    }

    public static ExperimentForm From(Experiment e)
    {
        var form = new ExperimentForm
        {
            Key = e.Key, Name = e.Name, Hypothesis = e.Hypothesis, SegmentId = e.SegmentId, Seed = e.Seed == e.Key ? "" : e.Seed,
            PrimaryMetric = e.PrimaryMetric, RetentionDay = e.RetentionDay ?? 7, Guardrails = e.Guardrails, EffectPercent = Math.Round(e.MinimumDetectableEffect * 100, 4),
        };
        form.Variants.AddRange(e.Variants.OrderBy(v => v.Position).Select(v => new Variant
        {
            Key = v.Key, Name = v.Name, Weight = v.Weight, Payload = v.Payload, CostPerLearner = v.CostPerLearner, IsControl = v.IsControl,
        }));
        return form;
    }

    public double TotalWeight => Variants.Sum(v => v.Weight);

    public void AddVariant()
    {
        if (Variants.Count >= ExperimentRules.MaxVariants) return;
        var n = Variants.Count;
        Variants.Add(new Variant { Key = $"treatment-{n}", Name = $"Treatment {n}" });
        SplitEvenly();
    }

    public void Remove(Variant variant)
    {
        if (Variants.Count <= ExperimentRules.MinVariants) return;
        Variants.Remove(variant);
        if (variant.IsControl) Variants[0].IsControl = true;
    }

    public void MakeControl(Variant variant)
    {
        foreach (var v in Variants) v.IsControl = v == variant;
    }

    /// <summary>Equal shares, rounded to 0.001, with the rounding left on the last arm so they sum to exactly 1.</summary>
    public void SplitEvenly()
    {
        var share = Math.Round(1d / Variants.Count, 3);
        foreach (var v in Variants) v.Weight = share;
        Variants[^1].Weight = Math.Round(1 - share * (Variants.Count - 1), 3);
    }

    public ExperimentDraft ToDraft() => new(
        Key, Name, Hypothesis, SegmentId, Seed, new MetricSpec(PrimaryMetric, PrimaryMetric == ExperimentMetric.RetentionDayN ? RetentionDay : null),
        [.. Guardrails], EffectPercent / 100,
        [.. Variants.Select(v => new VariantDraft(v.Key, v.Name, v.Weight, v.Payload, v.CostPerLearner, v.IsControl))]);
}
