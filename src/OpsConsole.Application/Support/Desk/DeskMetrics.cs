using System.Diagnostics.Metrics;

namespace OpsConsole.Support;

/// <summary>
/// The desk's measurements, for whoever listens (a metrics exporter, <c>dotnet-counters</c>, a benchmark's
/// <see cref="MeterListener"/>); recording costs next to nothing when nobody does.
/// </summary>
public static class DeskMetrics
{
    public const string MeterName = "OpsConsole.Support";

    public const string RoutingDurationName = "opsconsole.support.routing.duration";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// Routing one new ticket, from asking for the rules to the decision stored, including the wait for the instance's
    /// routing gate (a queue behind it is what a ticket feels); the push to the agent is not in it.
    /// Tagged <c>outcome</c> = <c>assigned</c> or <c>queued</c>.
    /// </summary>
    public static readonly Histogram<double> RoutingDuration = Meter.CreateHistogram<double>(
        RoutingDurationName, unit: "ms", description: "Time to route a new ticket and store the decision, gate wait included");
}
