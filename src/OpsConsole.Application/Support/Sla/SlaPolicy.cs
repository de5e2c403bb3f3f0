namespace OpsConsole.Support;

/// <summary>The targets for tickets of one priority, in business time.</summary>
public sealed record SlaPolicy(TicketPriority Priority, TimeSpan FirstResponse, TimeSpan Resolution);

/// <summary>
/// When a running target turns from on track to warning: once a share of it is used up (<c>AtFraction(0.75)</c>), or
/// when only so much business time is left (<c>Before(30 min)</c>).
/// </summary>
public sealed record SlaWarningLead
{
    private SlaWarningLead(double? fraction, TimeSpan? before) => (Fraction, BeforeDue) = (fraction, before);

    public double? Fraction { get; }
    public TimeSpan? BeforeDue { get; }

    public static SlaWarningLead AtFraction(double fraction)
    {
        if (!(fraction is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The warning share must lie strictly between 0 and 1.");
        }
        return new(fraction, null);
    }

    public static SlaWarningLead Before(TimeSpan beforeDue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(beforeDue, TimeSpan.Zero);
        return new(null, beforeDue);
    }

    /// <summary>Business time after the start at which the warning begins; a lead longer than the target warns from the start.</summary>
    public TimeSpan WarnAfter(TimeSpan target) => Fraction is { } f
        ? TimeSpan.FromTicks((long)Math.Round(target.Ticks * f, MidpointRounding.AwayFromZero))
        : target > BeforeDue!.Value ? target - BeforeDue.Value : TimeSpan.Zero;

    public override string ToString() => Fraction is { } f ? $"at {f:P0} of the target" : $"{BeforeDue} before due";
}

public enum SlaTarget
{
    FirstResponse = 0,
    Resolution = 1,
}

public enum SlaState
{
    /// <summary>Running, before the warning point.</summary>
    OnTrack = 0,
    /// <summary>Running, past the warning point, not yet due.</summary>
    Warning = 1,
    /// <summary>Running and past due.</summary>
    Breached = 2,
    /// <summary>Done by the due time.</summary>
    Met = 3,
    /// <summary>Done, but after the due time.</summary>
    Missed = 4,
}

/// <summary>Where one target of one ticket stands.</summary>
/// <param name="Elapsed">Business time used: up to now while running, up to completion when done.</param>
/// <param name="Remaining">Target less elapsed; negative by as much business time as it is over.</param>
public sealed record SlaMeasure(
    SlaTarget Target,
    TimeSpan Goal,
    DateTime StartedAt,
    DateTime WarnAt,
    DateTime DueAt,
    DateTime? CompletedAt,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    SlaState State)
{
    public bool IsRunning => CompletedAt is null;

    /// <summary>When the state will next change on its own (the warning or the breach), for scheduling a check; null once breached or done.</summary>
    public DateTime? NextChangeAt => State switch
    {
        SlaState.OnTrack => WarnAt,
        SlaState.Warning => DueAt,
        _ => null,
    };
}

/// <summary>Both targets of a ticket.</summary>
public sealed record TicketSla(TicketPriority Priority, SlaMeasure FirstResponse, SlaMeasure Resolution)
{
    /// <summary>The state that needs attention most: breached, then missed, then warning, then on track, then met.</summary>
    public SlaState Worst => new[] { FirstResponse.State, Resolution.State }.MaxBy(Severity);

    public DateTime? NextChangeAt => new[] { FirstResponse.NextChangeAt, Resolution.NextChangeAt }.Where(t => t is not null).Min();

    private static int Severity(SlaState state) => state switch
    {
        SlaState.Breached => 4,
        SlaState.Missed => 3,
        SlaState.Warning => 2,
        SlaState.OnTrack => 1,
        _ => 0,
    };
}
