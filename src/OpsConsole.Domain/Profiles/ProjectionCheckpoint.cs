namespace OpsConsole.Profiles;

/// <summary>How far a projection has read the event log (by event <c>Seq</c>), so it resumes after a restart.</summary>
public sealed class ProjectionCheckpoint
{
    public const string Profiles = "profiles";

    public required string Name { get; set; }
    public long Position { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>JSON the projection needs between full rebuilds (for profiles: the RFM cut points).</summary>
    public string? State { get; set; }
}
