namespace OpsConsole.Web.Resources;

/// <summary>Texts of the overview page and its components.</summary>
public sealed class OverviewText;

/// <summary>Texts of the learners list and the learner profile page.</summary>
public sealed class ProfileText;

/// <summary>Texts of the segments list and the segment builder.</summary>
public sealed class SegmentText;
