using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using OpsConsole.Web.Jobs;

namespace OpsConsole.Tests.Jobs;

public sealed class JobStorageHealthCheckTests
{
    private readonly CountingStorage _storage = new(new InMemoryStorage(new InMemoryStorageOptions()));
    private readonly SteppedClock _clock = new();

    private JobStorageHealthCheck Check() => new(_storage, new JobsOptions { Enabled = false }, _clock, NullLogger<JobStorageHealthCheck>.Instance);

    [Fact]
    public async Task CheckHealthAsync_ProbedManyTimesWithinInterval_ReadsStorageOnce()
    {
        var check = Check();

        var results = new List<HealthCheckResult>();
        for (var i = 0; i < 50; i++)
        {
            results.Add(await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken));
            _clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(1, _storage.Reads);
        Assert.All(results, r => Assert.Equal(HealthStatus.Healthy, r.Status));
    }

    [Fact]
    public async Task CheckHealthAsync_AfterInterval_ReadsStorageAgain()
    {
        var check = Check();

        await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        _clock.Advance(JobStorageHealthCheck.ReadEvery);
        await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(2, _storage.Reads);
    }

    [Fact]
    public async Task CheckHealthAsync_StorageFailsAfterInterval_ReportsDegraded()
    {
        var check = Check();
        await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        _storage.Broken = true;
        _clock.Advance(JobStorageHealthCheck.ReadEvery);
        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(2, _storage.Reads);
    }

    [Fact]
    public async Task CheckHealthAsync_StorageRecoversWithinInterval_ReportsHealthyOnNextProbe()
    {
        var check = Check();
        _storage.Broken = true;
        var failed = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        _storage.Broken = false;
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        var recovered = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, failed.Status);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
    }

    /// <summary>A real in-memory job storage that counts how often its monitoring API is asked for.</summary>
    private sealed class CountingStorage(JobStorage inner) : JobStorage
    {
        private int _reads;

        public int Reads => _reads;
        public bool Broken { get; set; }

        public override IMonitoringApi GetMonitoringApi()
        {
            Interlocked.Increment(ref _reads);
            return Broken ? throw new InvalidOperationException("The job storage is unreachable.") : inner.GetMonitoringApi();
        }

        public override IStorageConnection GetConnection() => inner.GetConnection();
    }

    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
