using System.Net;
using System.Text.Json;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;
using static OpsConsole.IntegrationTests.Support.Reports.SupportWorld;

namespace OpsConsole.IntegrationTests.Support.Reports;

/// <summary>The support reports page's CSV downloads over real HTTP, with the platform and the desk in Shanghai.</summary>
public sealed class SupportReportExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Week = "from=2026-05-04&to=2026-05-10&bucket=week";

    private static readonly Dictionary<string, string?> Shanghai = new() { ["Platform:TimeZone"] = "Asia/Shanghai" };

    /// <summary>
    /// The week of Monday May 4, 2026. T1 Normal: replied after 60 min, resolved after 360, CSAT 5, held by Chen Li.
    /// T2 High: opened 08:00, replied 09:30 (90 min, 30 in business hours), resolved Wednesday 10:00 (1560, 600), past
    /// its Tuesday 18:00 due time. T3 Normal, opened Wednesday 10:00 and never answered: first response missed at 14:00.
    /// </summary>
    private static async Task SeedAsync(TestDatabase db)
    {
        var world = new SupportWorld(db, DateTimeOffset.UtcNow);
        await world.AddAgentsAsync(new SupportAgent { Id = "a@desk", Name = "Chen Li", Capacity = 8, Status = AgentStatus.Online });
        var t1 = Ticket("L1", TicketPriority.Normal, Sh(5, 4, 9), Sh(5, 4, 10), Sh(5, 4, 15), assignee: "a@desk", intent: "billing");
        t1.CsatRating = 5;
        t1.CsatRatedAt = Sh(5, 4, 16);
        var t2 = Ticket("L2", TicketPriority.High, Sh(5, 5, 8), Sh(5, 5, 9, 30), Sh(5, 6, 10), intent: "refund, partial");
        var t3 = Ticket("L3", TicketPriority.Normal, Sh(5, 6, 10));
        await world.AddAsync(t1, t2, t3);
    }

    private static async Task<string[]> CsvAsync(HttpClient client, string table, string query = Week)
    {
        var response = await client.GetAsync($"/support/reports/{table}/export.csv?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith($"support-{table}-", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Theory, DatabaseProviders]
    public async Task GetCsv_SupportAgent_DownloadsEveryTableOfTheWeek(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db);
        await using var app = new OpsConsoleApp(db, Shanghai);
        var (client, _) = await app.SignInAsync(Roles.SupportAgent);

        var times = await CsvAsync(client, "times");
        var sla = await CsvAsync(client, "sla");
        var priorities = await CsvAsync(client, "sla-by-priority");
        var intents = await CsvAsync(client, "intents");
        var agents = await CsvAsync(client, "agents");
        var backlog = await CsvAsync(client, "backlog");
        var satisfaction = await CsvAsync(client, "satisfaction");
        var automation = await CsvAsync(client, "automation");

        Assert.Equal("period_start,from,to,complete,first_response_count,first_response_median_minutes,first_response_p90_minutes," +
            "first_response_business_median_minutes,first_response_business_p90_minutes,resolution_count,resolution_median_minutes," +
            "resolution_p90_minutes,resolution_business_median_minutes,resolution_business_p90_minutes", times[0]);
        Assert.Equal(["2026-05-04,2026-05-04,2026-05-10,true,2,75,87,45,57,2,960,1440,480,576",
            "(all),2026-05-04,2026-05-10,true,2,75,87,45,57,2,960,1440,480,576"], times[1..]);
        Assert.Equal("period_start,from,to,complete,first_response_met,first_response_missed,first_response_hit_rate,resolution_met,resolution_missed,resolution_hit_rate", sla[0]);
        Assert.Equal(["2026-05-04,2026-05-04,2026-05-10,true,2,1,0.666667,1,1,0.5", "(all),2026-05-04,2026-05-10,true,2,1,0.666667,1,1,0.5"], sla[1..]);
        Assert.Equal(["urgent,2026-05-04,2026-05-10,0,0,,0,0,", "high,2026-05-04,2026-05-10,1,0,1,0,1,0",
            "normal,2026-05-04,2026-05-10,1,1,0.5,1,0,1", "low,2026-05-04,2026-05-10,0,0,,0,0,"], priorities[1..]);
        // Long format, a comma in an intent quoted, unread tickets last.
        Assert.Equal(["period_start,from,to,complete,intent,tickets", "2026-05-04,2026-05-04,2026-05-10,true,billing,1",
            "2026-05-04,2026-05-04,2026-05-10,true,\"refund, partial\",1", "2026-05-04,2026-05-04,2026-05-10,true,(none),1"], intents);
        Assert.Equal(["agent_id,name,active,status,capacity,open,utilisation,solved,first_responses,median_first_response_minutes,csat_count,csat_average",
            "a@desk,Chen Li,true,online,8,0,0,1,1,60,1,5"], agents);
        // T3 has waited for months now.
        Assert.Equal("as_of,status,lt_4h,4h_24h,1d_3d,3d_7d,gt_7d,total", backlog[0]);
        Assert.Equal([",new,0,0,0,0,1,1", ",assigned,0,0,0,0,0,0", ",pending,0,0,0,0,0,0"], backlog[1..].Select(l => l[l.IndexOf(',')..]));
        Assert.Equal(["period_start,from,to,complete,ratings,average_rating,satisfaction_index,previous_index,change",
            "2026-05-04,2026-05-04,2026-05-10,true,1,5,100,,", "(all),2026-05-04,2026-05-10,true,1,5,100,,"], satisfaction);
        Assert.Equal(["period_start,from,to,complete,created,auto_replied,auto_resolved,automated_resolution_rate",
            "2026-05-04,2026-05-04,2026-05-10,true,3,0,0,0", "(all),2026-05-04,2026-05-10,true,3,0,0,0"], automation);
    }

    [Fact]
    public async Task GetCsv_FilterAndDays_ExportsOnlyMatchingTicketsPerDay()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(db);
        await using var app = new OpsConsoleApp(db, Shanghai);
        var (client, _) = await app.SignInAsync(Roles.Manager);

        var times = await CsvAsync(client, "times", "from=2026-05-04&to=2026-05-06&bucket=day&priority=high");

        Assert.Equal(["2026-05-04,2026-05-04,2026-05-04,true,0,,,,,0,,,,", "2026-05-05,2026-05-05,2026-05-05,true,1,90,90,30,30,0,,,,",
            "2026-05-06,2026-05-06,2026-05-06,true,0,,,,,1,1560,1560,600,600", "(all),2026-05-04,2026-05-06,true,1,90,90,30,30,1,1560,1560,600,600"], times[1..]);
    }

    [Theory]
    [InlineData("/support/reports/times/export.csv?to=2026-05-10", "from")]
    [InlineData("/support/reports/times/export.csv?from=2026-05-10&to=2026-05-04", "to")]
    [InlineData("/support/reports/times/export.csv?from=2024-01-01&to=2026-05-04", "to")]
    [InlineData("/support/reports/sla/export.csv?from=2026-05-04&to=2026-05-10&bucket=month", "bucket")]
    [InlineData("/support/reports/agents/export.csv?from=2026-05-04&to=2026-05-10&priority=extreme", "priority")]
    public async Task GetCsv_BadParameter_Returns400ProblemNamingIt(string url, string parameter)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (client, _) = await app.SignInAsync(Roles.SupportAgent);

        var response = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task GetCsv_UnknownTable_Returns404()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (client, _) = await app.SignInAsync(Roles.Admin);

        var response = await client.GetAsync("/support/reports/everything/export.csv?from=2026-05-04&to=2026-05-10", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
