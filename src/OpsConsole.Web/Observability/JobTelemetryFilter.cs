using System.Diagnostics;
using Hangfire.Common;
using Hangfire.Server;
using OpsConsole.Telemetry;

namespace OpsConsole.Web.Observability;

/// <summary>
/// Times every job this process's Hangfire server performs, wraps it in a span, and counts the runs that fail. A
/// server filter of this host only (not Hangfire's process-wide filter list), so hosts sharing a process never
/// measure each other's jobs.
/// </summary>
internal sealed class JobTelemetryFilter(OpsMetrics metrics) : IServerFilter
{
    private const string RunKey = "opsconsole.telemetry";

    public void OnPerforming(PerformingContext context)
    {
        var job = JobName(context.BackgroundJob.Job);
        var activity = OpsTelemetry.Source.StartActivity($"job {job}", ActivityKind.Consumer);
        if (activity is not null)
        {
            activity.SetTag("opsconsole.job", job);
            activity.SetTag("hangfire.job.id", context.BackgroundJob.Id);
            if (context.GetJobParameter<string>("RecurringJobId", allowStale: true) is { Length: > 0 } recurring)
            {
                activity.SetTag("hangfire.recurring_job.id", recurring);
            }
            if (context.GetJobParameter<int>("RetryCount", allowStale: true) is > 0 and var retry)
            {
                activity.SetTag("hangfire.retry_count", retry);
            }
        }
        context.Items[RunKey] = new Run(job, activity, Stopwatch.GetTimestamp());
    }

    public void OnPerformed(PerformedContext context)
    {
        if (!context.Items.TryGetValue(RunKey, out var value) || value is not Run run)
        {
            return;
        }
        var error = context.ExceptionHandled ? null : context.Exception;
        // A job stopped by a shutdown goes back to its queue: not a failure of the job.
        var aborted = error is not null && IsAbort(error);
        var failed = error is not null && !aborted;
        if (!aborted)
        {
            metrics.RecordJob(run.Job, Stopwatch.GetElapsedTime(run.Started), failed);
        }
        if (run.Activity is { } activity)
        {
            activity.SetTag("opsconsole.outcome", aborted ? "aborted" : failed ? "failed" : "succeeded");
            if (failed)
            {
                activity.Fail(error!.InnerException ?? error);
            }
            activity.Dispose();
        }
    }

    /// <summary>The job's class and method: a fixed set, so the metric's series stay few.</summary>
    internal static string JobName(Job? job) => job is null ? "unknown" : $"{job.Type.Name}.{job.Method.Name}";

    private static bool IsAbort(Exception error) =>
        error is OperationCanceledException or JobAbortedException || error.InnerException is OperationCanceledException or JobAbortedException;

    private sealed record Run(string Job, Activity? Activity, long Started);
}
