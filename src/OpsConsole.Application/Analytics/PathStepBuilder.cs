using OpsConsole.Ingestion;

namespace OpsConsole.Analytics;

/// <summary>An event as path cleaning reads it.</summary>
public readonly record struct TimelineEvent(EventType Type, DateTime At, long Seq);

/// <summary>A cleaned step before its neighbours are attached; 24 bytes, so a full rebuild can hold every learner's.</summary>
public readonly record struct CleanStep(long Seq, DateTime At, EventType Type, bool StartsSession);

/// <summary>One learner's cleaned steps, in order.</summary>
public sealed record LearnerSteps(string LearnerId, CleanStep[] Steps)
{
    /// <summary>The rows to store: each step with the types of the steps around it in its session.</summary>
    public IEnumerable<PathStep> Rows()
    {
        var sessionStart = 0;
        for (var i = 0; i < Steps.Length; i++)
        {
            if (Steps[i].StartsSession)
            {
                sessionStart = i;
            }
            var sessionEnd = i + 1;
            while (sessionEnd < Steps.Length && !Steps[sessionEnd].StartsSession && sessionEnd - i <= PathStep.Depth)
            {
                sessionEnd++;
            }
            EventType? After(int k) => i + k < sessionEnd ? Steps[i + k].Type : null;
            EventType? Before(int k) => i - k >= sessionStart ? Steps[i - k].Type : null;
            yield return new PathStep
            {
                LearnerId = LearnerId, Seq = Steps[i].Seq, At = Steps[i].At, Type = Steps[i].Type,
                Next1 = After(1), Next2 = After(2), Next3 = After(3), Next4 = After(4), Next5 = After(5),
                Prev1 = Before(1), Prev2 = Before(2), Prev3 = Before(3), Prev4 = Before(4), Prev5 = Before(5),
            };
        }
    }
}

/// <summary>
/// Path cleaning as product-analytics tools do it: a learner's events, in (time, Seq) order, split into sessions at
/// gaps of more than <see cref="SessionGap"/>; inside a session a run of one type is one step.
/// </summary>
public static class PathStepBuilder
{
    public static readonly TimeSpan SessionGap = TimeSpan.FromMinutes(30);

    /// <param name="events">The learner's whole history in (time, Seq) order.</param>
    public static LearnerSteps Build(string learnerId, IReadOnlyList<TimelineEvent> events)
    {
        var steps = new List<CleanStep>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var starts = i == 0 || e.At - events[i - 1].At > SessionGap;
            if (starts || e.Type != events[i - 1].Type)
            {
                steps.Add(new CleanStep(e.Seq, e.At, e.Type, starts));
            }
        }
        return new LearnerSteps(learnerId, [.. steps]);
    }
}
