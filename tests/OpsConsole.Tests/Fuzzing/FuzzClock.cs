namespace OpsConsole.Tests.Fuzzing;

/// <summary>A clock that stands still, so "in the future" means the same thing on every run.</summary>
public sealed class FuzzClock : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
