using System.Globalization;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Experiments.Results;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Retention;

namespace OpsConsole.Tests.Experiments;

public sealed class ExperimentResultsCsvTests : IDisposable
{
    private readonly TestDatabase _database = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_ComputedResults_CarriesEachTreatmentsLiftsWithTheirIntervalsAsTheTableShowsThem()
    {
        var data = new ResultsData(_database);
        var experiment = await data.CreateAsync();
        await data.ExposeAsync(experiment.Id, "control", 200, renewing: 40);
        await data.ExposeAsync(experiment.Id, "reminder", 200, renewing: 90);
        var options = Options.Create(new ExperimentResultsOptions());
        var service = new ExperimentResultsService(_database.Factory, new ExperimentMetricReader(_database.Factory, options), options,
            new PlatformTime(TimeZoneInfo.Utc, TimeProvider.System));
        var results = await service.ComputeAsync(ResultsData.Key, Ct);

        var lines = ExperimentResultsCsv.Write(results).TrimEnd('\n').Split('\n');

        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(results.Metrics.Count * 2, rows.Count);
        foreach (var metric in results.Metrics)
        {
            var v = Assert.Single(metric.Analysis!.Variants);
            var row = rows.Single(r => r["metric"] == metric.Metric.Code && r["variant"] == "reminder");
            string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
            Assert.Equal([R(v.Absolute.Estimate), R(v.Absolute.CiLow), R(v.Absolute.CiHigh)], [row["abs_lift"], row["abs_ci_low"], row["abs_ci_high"]]);
            Assert.Equal([R(v.Relative!.Estimate), R(v.Relative.CiLow), R(v.Relative.CiHigh)], [row["rel_lift"], row["rel_ci_low"], row["rel_ci_high"]]);
            var control = rows.Single(r => r["metric"] == metric.Metric.Code && r["variant"] == "control");
            Assert.All(["abs_lift", "abs_ci_low", "abs_ci_high", "rel_lift", "rel_ci_low", "rel_ci_high"], c => Assert.Equal("", control[c]));
        }
    }

    public void Dispose() => _database.Dispose();
}
