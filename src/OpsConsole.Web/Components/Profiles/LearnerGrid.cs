using OpsConsole.Profiles;

namespace OpsConsole.Web.Components.Profiles;

/// <summary>Maps the learners grid's sortable columns (by property name) to the query's sort keys.</summary>
public static class LearnerGrid
{
    public static LearnerSort SortFor(string? column) => column switch
    {
        nameof(LearnerRow.Id) => LearnerSort.Id,
        nameof(LearnerRow.Lifecycle) => LearnerSort.Lifecycle,
        nameof(LearnerRow.Rfm) => LearnerSort.RfmSegment,
        nameof(LearnerRow.NetSpend) => LearnerSort.NetSpend,
        nameof(LearnerRow.Orders) => LearnerSort.Orders,
        nameof(LearnerRow.ActiveDays30) => LearnerSort.ActiveDays30,
        nameof(LearnerRow.SignupAt) => LearnerSort.SignupAt,
        _ => LearnerSort.LastActiveAt,
    };
}
