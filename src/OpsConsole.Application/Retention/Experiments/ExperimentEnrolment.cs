using Microsoft.Extensions.Logging;

namespace OpsConsole.Experiments;

/// <summary>How many of an enrolment's learners are in one arm: <see cref="Learners"/> in all, <see cref="New"/> of them exposed by it.</summary>
public sealed record EnrolledArm(string VariantKey, string Name, bool IsControl, int Learners, int New);

/// <summary>
/// What an enrolment did: each arm's share of the learners, the learners left out because they are not in the experiment's
/// target segment or are not learners of the platform, and what the experiment's actions did right after.
/// </summary>
public sealed record EnrolmentResult(
    string ExperimentKey,
    string ExperimentName,
    IReadOnlyList<EnrolledArm> Arms,
    IReadOnlyList<string> NotInSegment,
    IReadOnlyList<string> Unknown,
    ExperimentActionsResult Actions)
{
    public int Enrolled => Arms.Sum(a => a.Learners);
}

/// <summary>
/// Puts a chosen group of learners (e.g. members about to renew) into a running experiment on the console's initiative rather
/// than the platform's: each learner is assigned exactly as the assignment API would assign them (same hash, same exposure
/// log and event, same segment check), then the experiment's retention actions run at once, so a treatment that sends a
/// renewal reminder does not wait for the hourly evaluation.
/// </summary>
public sealed class ExperimentEnrolment(ExperimentService experiments, ExperimentAssigner assigner, ExperimentActions actions, ILogger<ExperimentEnrolment> log)
{
    /// <summary>Each learner is assigned on its own (as the API does), so one enrolment is kept to what a page waits for.</summary>
    public const int MaxLearners = 5_000;

    /// <exception cref="ExperimentValidationException">No experiment chosen, the experiment is not running, or no (or too many) learners.</exception>
    public async Task<EnrolmentResult> EnrolAsync(string? experimentKey, IEnumerable<string> learnerIds, string by, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var ids = learnerIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var errors = new List<ExperimentFieldError>();
        var key = experimentKey?.Trim();
        ExperimentDetails? details = null;
        if (string.IsNullOrEmpty(key))
        {
            errors.Add(new("experiment", "is required: pick a running experiment"));
        }
        else if ((details = await experiments.GetAsync(key, cancellationToken)) is null)
        {
            errors.Add(new("experiment", $"no experiment has the key '{key}'"));
        }
        else if (details.Experiment.Status != ExperimentStatus.Running)
        {
            errors.Add(new("experiment", $"'{key}' is {details.Experiment.Status.ToString().ToLowerInvariant()}: only a running experiment takes learners"));
        }
        if (ids.Count == 0)
        {
            errors.Add(new("learners", "select at least one learner"));
        }
        else if (ids.Count > MaxLearners)
        {
            errors.Add(new("learners", $"at most {MaxLearners:N0} learners per enrolment; {ids.Count:N0} were given"));
        }
        if (errors.Count > 0)
        {
            throw new ExperimentValidationException(errors);
        }

        var experiment = details!.Experiment;
        var counts = experiment.Variants.ToDictionary(v => v.Key, _ => (Learners: 0, New: 0), StringComparer.Ordinal);
        var notInSegment = new List<string>();
        var unknown = new List<string>();
        foreach (var id in ids)
        {
            try
            {
                var assignment = await assigner.AssignAsync(experiment.Key, id, cancellationToken);
                if (assignment.Variant is { } variant)
                {
                    var (learners, fresh) = counts[variant.Key];
                    counts[variant.Key] = (learners + 1, fresh + (assignment.NewlyExposed ? 1 : 0));
                }
                else if (assignment.Reason == NoVariantReason.NotInSegment)
                {
                    notInSegment.Add(id);
                }
                else
                {
                    // Stopped while this enrolment ran: nobody after this learner can be assigned either.
                    break;
                }
            }
            catch (UnknownLearnerException)
            {
                unknown.Add(id);
            }
        }
        var arms = experiment.Variants.Select(v => new EnrolledArm(v.Key, v.Name, v.IsControl, counts[v.Key].Learners, counts[v.Key].New)).ToList();
        log.LogInformation("{By} enrolled {Enrolled} learner(s) in experiment {Experiment}; {NotInSegment} outside its target, {Unknown} unknown", by,
            arms.Sum(a => a.Learners), experiment.Key, notInSegment.Count, unknown.Count);
        var done = await actions.RunAsync(experiment.Key, cancellationToken);
        return new EnrolmentResult(experiment.Key, experiment.Name, arms, notInSegment, unknown, done);
    }
}
