using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Support;

/// <summary>How the desk takes tickets in (section <c>Support:Desk</c>).</summary>
public sealed class DeskOptions
{
    public const string Section = "Support:Desk";

    /// <summary>Below this intent confidence a new ticket goes to the triage queue for a person to read first.</summary>
    [Range(0.0, 1.0)]
    public double TriageBelowConfidence { get; set; } = 0.55;

    /// <summary>Days after resolution when a resolved ticket closes for good (a later reply opens a new ticket).</summary>
    [Range(1, 365)]
    public int CloseResolvedAfterDays { get; set; } = 4;

    /// <summary>Whether resolving a ticket asks the learner for a satisfaction rating.</summary>
    public bool RequestCsat { get; set; } = true;

    /// <summary>When the desk's recurring job runs (SLA warnings, queue fallback and dispatch, closing resolved tickets).</summary>
    [Required]
    public string UpkeepCron { get; set; } = "* * * * *";
}
