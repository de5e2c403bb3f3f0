using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Recommendations;

namespace OpsConsole.IntegrationTests.Recommendations;

/// <summary>The CSV files behind the recommendation pages' export buttons, downloaded by a signed-in operator.</summary>
public sealed class RecommendationExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Lines(string csv) => csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Exports_TrainedAndServedModel_VersionsMetricsAndOnlineFiguresAsCsv()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await RecommendationWorld.SeedAsync(db);
        await using var app = new OpsConsoleApp(db, new Dictionary<string, string?> { ["Profiles:LiveRefresh"] = "false" });
        var model = await RecommendationWorld.TrainAsync(app, "manager@example.test");
        await app.Services.GetRequiredService<RecommendationService>().RecommendAsync("u-docker", 4, new RecommendationContext("home", null), Ct);
        await app.Services.GetRequiredService<ImpressionLog>().FlushAsync(Ct);
        var (client, _) = await app.SignInAsync(Roles.Operator);

        var versions = Lines(await client.GetStringAsync("/recommendations/versions/export.csv", Ct));
        var metrics = Lines(await client.GetStringAsync($"/recommendations/metrics/export.csv?version={model.Id}", Ct));
        var online = Lines(await client.GetStringAsync(
            $"/recommendations/online/export.csv?from={DateTime.UtcNow.AddDays(-3):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}&by=position", Ct));

        Assert.StartsWith("version,status,algorithm,started_by,", versions[0]);
        Assert.StartsWith($"{model.Id},active,{model.Algorithm},manager@example.test,", Assert.Single(versions[1..]));
        Assert.Equal(5, metrics.Length);
        Assert.Contains(metrics[1..], l => l.StartsWith($"{model.Id},{model.Algorithm},true,10,", StringComparison.Ordinal));
        Assert.All(metrics[1..], l => Assert.Contains("no sampled negatives", l));
        Assert.Equal("version,position,impressions,clicks,ctr,purchases,conversion,revenue,revenue_per_1000", online[0]);
        Assert.Equal([$"{model.Id},1,1,0,0,0,0,0.00,0.00", $"{model.Id},2,1,0,0,0,0,0.00,0.00"], online[1..3]);
        Assert.Equal(5, online.Length);
    }

    [Fact]
    public async Task Exports_BadParameters_AreProblemsNamingTheField()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (client, _) = await app.SignInAsync(Roles.Operator);

        var badDay = await client.GetAsync("/recommendations/online/export.csv?from=yesterday&to=2026-01-31", Ct);
        var badGrain = await client.GetAsync("/recommendations/online/export.csv?from=2026-01-01&to=2026-01-31&by=hour", Ct);
        var unknown = await client.GetAsync("/recommendations/metrics/export.csv?version=42", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, badDay.StatusCode);
        Assert.Contains("\"from\"", await badDay.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, badGrain.StatusCode);
        Assert.Contains("\"by\"", await badGrain.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
