using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpsConsole.Ingestion;

namespace OpsConsole.Experiments;

/// <summary>
/// Exposures go back into the behaviour log as <c>experiment_exposure</c> events through ingestion, so analyses can cut
/// any report by arm. The event id is derived from the experiment and the learner, so writing one twice is harmless; a
/// failure is logged and never fails the assignment.
/// </summary>
public sealed class ExperimentEvents(IngestionService ingestion, ILogger<ExperimentEvents> log)
{
    public const string Source = "experiments";

    public static string EventIdOf(int experimentId, string learnerId) =>
        $"experiment:{experimentId.ToString(CultureInfo.InvariantCulture)}:exposure:{learnerId}";

    public async Task ExposedAsync(Experiment experiment, ExperimentVariant variant, ExperimentExposure exposure, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["eventId"] = EventIdOf(experiment.Id, exposure.LearnerId),
            ["learnerId"] = exposure.LearnerId,
            ["type"] = EventType.ExperimentExposure.ToWireName(),
            ["occurredAt"] = exposure.ExposedAt.ToString("O", CultureInfo.InvariantCulture),
            ["properties"] = new Dictionary<string, object?>
            {
                ["experiment"] = experiment.Key, ["variant"] = variant.Key, ["control"] = variant.IsControl,
            },
        });
        try
        {
            var result = await ingestion.IngestAsync([IncomingRecord.Parsed(0, json)], Source, cancellationToken);
            if (result.Rejected.Count > 0)
            {
                log.LogWarning("The exposure event of learner {LearnerId} in experiment {Experiment} was rejected by ingestion", exposure.LearnerId, experiment.Key);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not record the exposure event of learner {LearnerId} in experiment {Experiment}", exposure.LearnerId, experiment.Key);
        }
    }
}
