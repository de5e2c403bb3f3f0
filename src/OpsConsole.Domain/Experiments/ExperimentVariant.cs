namespace OpsConsole.Experiments;

/// <summary>One arm of an experiment: its share of traffic, what the platform should show (payload) and what it costs.</summary>
public sealed class ExperimentVariant
{
    public const int KeyMaxLength = 32;
    public const int NameMaxLength = 80;
    public const int PayloadMaxLength = 4000;

    public int Id { get; set; }
    public int ExperimentId { get; set; }
    /// <summary>Lower-case slug returned by the assignment API, unique within the experiment (e.g. <c>control</c>).</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    /// <summary>Share of targeted learners, 0–1; an experiment's weights sum to 1.</summary>
    public double Weight { get; set; }
    /// <summary>A JSON object handed to the platform with the assignment (e.g. <c>{"discount":0.2}</c>).</summary>
    public string Payload { get; set; } = "{}";
    /// <summary>What treating one learner costs (a coupon, a gift), in the platform's currency; weighed against the lift.</summary>
    public decimal CostPerLearner { get; set; }
    public bool IsControl { get; set; }
    /// <summary>Place in the experiment's order, from 0; the order also fixes each arm's hash range.</summary>
    public int Position { get; set; }
}
