using OpsConsole.Recommendations;

namespace OpsConsole.Web.Recommendations;

/// <summary>
/// The recommender's background work on every instance: writes queued impressions in batches, drops cached learner
/// states when new events name them, and credits clicks and purchases that came in through ingestion.
/// </summary>
public sealed class RecommendationUpkeep(
    ImpressionLog impressions,
    LearnerStateCache learners,
    RecommendationFeedbackService feedback,
    ILogger<RecommendationUpkeep> logger) : BackgroundService
{
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CreditEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var forgetting = Task.Run(() => ForgetChangedLearnersAsync(stoppingToken), stoppingToken);
        var crediting = Task.Run(() => CreditEventsAsync(stoppingToken), stoppingToken);
        try
        {
            while (await impressions.WaitToWriteAsync(stoppingToken))
            {
                await Task.Delay(BatchWindow, stoppingToken);
                await WriteAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Whatever was served before shutdown is still counted.
        await WriteAsync(CancellationToken.None);
        await Task.WhenAll(forgetting, crediting).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await impressions.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Impressions could not be written; they stay queued for the next batch.");
        }
    }

    private Task ForgetChangedLearnersAsync(CancellationToken stoppingToken)
    {
        long? seq = null;
        return RepeatAsync(ForgetEvery, "Refreshing cached learner states", async ct =>
        {
            seq = seq is { } last ? await learners.ForgetSinceAsync(last, ct) : await learners.LastSeqAsync(ct);
        }, stoppingToken);
    }

    private Task CreditEventsAsync(CancellationToken stoppingToken) =>
        RepeatAsync(CreditEvery, "Crediting recommendation clicks and purchases", async ct =>
        {
            while (await feedback.CreditEventsAsync(1_000, ct) == 1_000)
            {
            }
        }, stoppingToken);

    private async Task RepeatAsync(TimeSpan every, string what, Func<CancellationToken, Task> pass, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "{What} failed; retrying.", what);
            }
            await Task.Delay(every, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
