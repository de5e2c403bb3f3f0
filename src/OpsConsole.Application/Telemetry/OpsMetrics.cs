using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpsConsole.Telemetry;

/// <summary>The model version serving one kind of prediction, with the figure it was judged by when trained.</summary>
public sealed record ServingModel(string Model, int Version, string? Metric, double? Value);

/// <summary>
/// The console's own measurements on the "OpsConsole" meter. Created through <see cref="IMeterFactory"/>, so each host
/// owns its meter and tests can listen to one host among several in a process.
/// </summary>
public sealed class OpsMetrics
{
    public const string EventsIngested = "opsconsole.events.ingested";
    public const string EventsDuplicate = "opsconsole.events.duplicate";
    public const string EventsRejected = "opsconsole.events.rejected";
    public const string IngestBatchDuration = "opsconsole.ingestion.batch.duration";
    public const string JobDuration = "opsconsole.job.duration";
    public const string JobFailures = "opsconsole.job.failures";
    public const string TrainingDuration = "opsconsole.model.training.duration";
    public const string ModelVersion = "opsconsole.model.version";
    public const string ModelQuality = "opsconsole.model.quality";
    public const string RerankedLists = "opsconsole.recommendations.reranked";

    // Seconds: an API batch takes milliseconds, an import chunk seconds; jobs and training runs up to an hour.
    private static readonly double[] BatchBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] RunBuckets = [0.05, 0.25, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly Counter<long> _ingested;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<double> _jobDuration;
    private readonly Counter<long> _jobFailures;
    private readonly Histogram<double> _trainingDuration;
    private readonly Counter<long> _reranked;
    private volatile IReadOnlyList<ServingModel> _serving = [];

    public OpsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(OpsTelemetry.Name);
        _ingested = meter.CreateCounter<long>(EventsIngested, "{event}", "Events stored, by the source that sent them.");
        _duplicates = meter.CreateCounter<long>(EventsDuplicate, "{event}", "Events received again (same event id) and skipped, by source.");
        _rejected = meter.CreateCounter<long>(EventsRejected, "{event}", "Records rejected into quarantine, by source.");
        _batchDuration = meter.CreateHistogram(IngestBatchDuration, "s", "Time to validate, store and quarantine one ingestion batch, by source.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BatchBuckets });
        _jobDuration = meter.CreateHistogram(JobDuration, "s", "Run time of background jobs, by job and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });
        _jobFailures = meter.CreateCounter<long>(JobFailures, "{failure}", "Background job runs that ended with an error, by job.");
        _trainingDuration = meter.CreateHistogram(TrainingDuration, "s", "Run time of model training, by model and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });
        _reranked = meter.CreateCounter<long>(RerankedLists, "{list}",
            "Recommendation lists the learned re-ranker ordered, by whether the learner's ranking came from the cache (hit) or was computed (miss).");
        meter.CreateObservableGauge(ModelVersion, () => _serving.Select(m => new Measurement<long>(m.Version, new KeyValuePair<string, object?>("model", m.Model))),
            "{version}", "The model version serving predictions, by model.");
        meter.CreateObservableGauge(ModelQuality, () => _serving.Where(m => m.Value is not null).Select(m => new Measurement<double>(m.Value!.Value,
                new KeyValuePair<string, object?>("model", m.Model), new KeyValuePair<string, object?>("metric", m.Metric))),
            description: "The serving version's headline held-out figure (recommender NDCG@K, intent macro-F1, churn AUC), by model.");
    }

    /// <summary>The serving versions the gauges report until the next refresh.</summary>
    public IReadOnlyList<ServingModel> Serving
    {
        get => _serving;
        set => _serving = value;
    }

    public void RecordIngestion(string source, int accepted, int duplicates, int rejected, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        _ingested.Add(accepted, tag);
        _duplicates.Add(duplicates, tag);
        _rejected.Add(rejected, tag);
        _batchDuration.Record(elapsed.TotalSeconds, tag);
    }

    public void RecordJob(string job, TimeSpan elapsed, bool failed)
    {
        var name = new KeyValuePair<string, object?>("job", job);
        _jobDuration.Record(elapsed.TotalSeconds, name, new KeyValuePair<string, object?>("outcome", failed ? "failed" : "succeeded"));
        if (failed)
        {
            _jobFailures.Add(1, name);
        }
    }

    public void RecordReranked(bool cached) => _reranked.Add(1, new KeyValuePair<string, object?>("cache", cached ? "hit" : "miss"));

    /// <summary>Times one training run and wraps it in a span; the run is failed unless <see cref="TrainingRun.Trained"/> is called.</summary>
    public TrainingRun StartTraining(string model) => new(this, model);

    internal void RecordTraining(string model, TimeSpan elapsed, string outcome) =>
        _trainingDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("outcome", outcome));
}

/// <summary>One training run of a model: a span around it and its duration, recorded when disposed.</summary>
public sealed class TrainingRun : IDisposable
{
    private readonly OpsMetrics _metrics;
    private readonly string _model;
    private readonly long _started = Stopwatch.GetTimestamp();
    private string? _outcome;

    internal TrainingRun(OpsMetrics metrics, string model)
    {
        _metrics = metrics;
        _model = model;
        Activity = OpsTelemetry.Source.StartActivity($"train {model} model");
        Activity?.SetTag("opsconsole.model", model);
    }

    public Activity? Activity { get; }

    public void Trained(int version)
    {
        _outcome = "succeeded";
        Activity?.SetTag("opsconsole.model.version", version);
    }

    public void Failed(Exception exception)
    {
        _outcome = "failed";
        Activity.Fail(exception);
    }

    public void Dispose()
    {
        if (_outcome is null)
        {
            // Left by an exception that the caller lets through.
            _outcome = "failed";
            Activity?.SetStatus(ActivityStatusCode.Error);
        }
        Activity?.SetTag("opsconsole.outcome", _outcome);
        _metrics.RecordTraining(_model, Stopwatch.GetElapsedTime(_started), _outcome);
        Activity?.Dispose();
    }
}
