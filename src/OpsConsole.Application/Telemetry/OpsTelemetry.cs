using System.Diagnostics;

namespace OpsConsole.Telemetry;

/// <summary>
/// The console's own spans. One source for every feature, so a collector needs one name to keep them all; the
/// framework's spans (requests, queries, outgoing calls) come from their own sources.
/// </summary>
public static class OpsTelemetry
{
    /// <summary>Name of the console's <see cref="ActivitySource"/> and of its meter.</summary>
    public const string Name = "OpsConsole";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>Marks a span failed with the exception that ended it, as the OpenTelemetry conventions describe.</summary>
    public static void Fail(this Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.AddException(exception);
    }
}
