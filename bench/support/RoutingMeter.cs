using System.Diagnostics.Metrics;
using OpsConsole.Support;

namespace OpsConsole.Bench.Support;

/// <summary>
/// Reads the desk's own routing histogram (<see cref="DeskMetrics.RoutingDurationName"/>) as the server records it,
/// one value per routed ticket; only while a measured phase runs.
/// </summary>
public sealed class RoutingMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<double> _values = [];
    private volatile bool _recording;

    public RoutingMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DeskMetrics.MeterName && instrument.Name == DeskMetrics.RoutingDurationName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            if (_recording)
            {
                lock (_values) _values.Add(value);
            }
        });
        _listener.Start();
    }

    public void Start()
    {
        lock (_values) _values.Clear();
        _recording = true;
    }

    public double[] Stop()
    {
        _recording = false;
        lock (_values) return [.. _values];
    }

    public void Dispose() => _listener.Dispose();
}
