namespace OpsConsole.Analytics;

/// <summary>One day of platform totals, bucketed in the platform's time zone. Always rebuildable from events.</summary>
public sealed class DailyRollup
{
    public DateOnly Day { get; set; }
    public int ActiveLearners { get; set; }
    public int NewLearners { get; set; }
    public int PayingLearners { get; set; }
    public int Orders { get; set; }
    public decimal Revenue { get; set; }
    public int Events { get; set; }
    public DateTime ComputedAt { get; set; }
}
