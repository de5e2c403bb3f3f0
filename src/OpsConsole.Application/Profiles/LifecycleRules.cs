namespace OpsConsole.Profiles;

/// <summary>
/// The lifecycle stage from the days a learner was active, in this order (the README repeats it):
/// New — first active at most <c>NewDays</c> ago; Churned — inactive for <c>ChurnedAfterDays</c> or more with no
/// active membership; Dormant — inactive for <c>DormantAfterDays</c> or more; At risk — inactive for
/// <c>AtRiskAfterDays</c> or more; Reactivated — active recently after a gap of at least <c>DormantAfterDays</c>
/// that ended at most <c>ReactivatedForDays</c> ago; otherwise Active.
/// </summary>
public static class LifecycleRules
{
    /// <param name="activeDays">Distinct platform days with activity, ascending.</param>
    public static LifecycleStage Classify(IReadOnlyList<DateOnly> activeDays, DateOnly today, bool activeMembership, ProfileOptions options)
    {
        if (activeDays.Count == 0)
        {
            return LifecycleStage.New;
        }
        if (today.DayNumber - activeDays[0].DayNumber < options.NewDays)
        {
            return LifecycleStage.New;
        }
        var idle = today.DayNumber - activeDays[^1].DayNumber;
        if (idle >= options.ChurnedAfterDays && !activeMembership)
        {
            return LifecycleStage.Churned;
        }
        if (idle >= options.DormantAfterDays)
        {
            return LifecycleStage.Dormant;
        }
        if (idle >= options.AtRiskAfterDays)
        {
            return LifecycleStage.AtRisk;
        }
        for (var i = activeDays.Count - 1; i > 0; i--)
        {
            if (today.DayNumber - activeDays[i].DayNumber >= options.ReactivatedForDays)
            {
                break;
            }
            if (activeDays[i].DayNumber - activeDays[i - 1].DayNumber > options.DormantAfterDays)
            {
                return LifecycleStage.Reactivated;
            }
        }
        return LifecycleStage.Active;
    }
}
