namespace OpsConsole.Web.Components.Charts;

/// <summary>One named series of a chart; for a donut, the first series holds one value per category.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Data)
{
    /// <summary>Indexes of <see cref="Data"/> with no value: a line breaks there instead of dropping to zero.</summary>
    public IReadOnlyList<int>? Gaps { get; init; }

    /// <summary>For an "xy" chart, the x value of each point of <see cref="Data"/> (a curve, not a series over categories).</summary>
    public IReadOnlyList<double>? X { get; init; }

    /// <summary>Drawn as a thin dashed line: a reference such as chance or perfect calibration, not a measurement.</summary>
    public bool Dashed { get; init; }
}

/// <summary>What the chart module draws, sent as JSON. Kept flat so the module needs no knowledge of .NET types.</summary>
internal sealed record ChartSpec(
    string Type,
    IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<string> Categories,
    int Height,
    string YFormat,
    bool Dark,
    string Locale,
    string NoDataText,
    bool Stacked = false);
