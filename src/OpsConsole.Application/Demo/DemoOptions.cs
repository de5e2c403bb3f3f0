using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Demo;

/// <summary>
/// The demo platform a first start fills an empty database with. Demo mode is on by default only for the
/// embedded SQLite set-up, where a new user wants something to look at; a team database never gets demo
/// data or demo accounts unless someone turns it on explicitly.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public const int MinLearners = 10;
    public const int MaxLearners = 200_000;
    public const int MinDays = 7;
    public const int MaxDays = 730;

    /// <summary>Unset: on when Database:Provider is Sqlite, off otherwise.</summary>
    public bool? Enabled { get; set; }

    [Range(MinLearners, MaxLearners)]
    public int Learners { get; set; } = 5000;

    [Range(MinDays, MaxDays)]
    public int Days { get; set; } = 180;

    public int Seed { get; set; } = 42;

    public bool IsEnabled => Enabled == true;

    /// <summary>On only because nothing was configured and the database is SQLite, not because someone asked for it.</summary>
    public bool EnabledByDefault { get; internal set; }

    /// <summary>The range checks shared by configuration validation and the command line.</summary>
    public static string? Validate(int learners, int days) =>
        learners is < MinLearners or > MaxLearners ? $"learners must be between {MinLearners} and {MaxLearners:N0}"
        : days is < MinDays or > MaxDays ? $"days must be between {MinDays} and {MaxDays}"
        : null;
}
