namespace OpsConsole.Privacy;

/// <summary>
/// One access to learners' data that must be answerable later: who revealed personal data, who downloaded an export,
/// who exported or erased a learner. Append-only; the only change ever made to a row is erasure re-keying its target.
/// </summary>
public sealed class AuditEntry
{
    public const int ActorMaxLength = 256;
    public const int ActionMaxLength = 64;
    public const int TargetMaxLength = 256;
    public const int DetailMaxLength = 2000;

    public long Id { get; set; }
    public DateTime At { get; set; }
    /// <summary>The console user (their sign-in) or <c>cli</c> for the command-line tool.</summary>
    public required string Actor { get; set; }
    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }
    /// <summary>What was touched: a learner id for learner actions, the path for a download.</summary>
    public string? Target { get; set; }
    /// <summary>Context such as the export's filters or the fields revealed; never the personal data itself.</summary>
    public string? Detail { get; set; }
}

public static class AuditActions
{
    public const string PiiReveal = "pii.reveal";
    public const string Export = "export";
    public const string LearnerExport = "learner.export";
    public const string LearnerErase = "learner.erase";

    public static IReadOnlyList<string> All { get; } = [PiiReveal, Export, LearnerExport, LearnerErase];
}
