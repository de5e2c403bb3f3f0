using System.Net;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;
using Microsoft.Extensions.DependencyInjection;

namespace OpsConsole.IntegrationTests.Support;

public sealed class DeskExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_QueueView_StreamsTheTicketsTheFiltersMatchAsCsv()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (client, _) = await app.SignInAsync(Roles.SupportAgent);
        var desk = app.Services.GetRequiredService<SupportDesk>();
        var platform = new Actor("platform", "Platform");
        var urgent = await desk.CreateAsync(new NewTicket("u-1", "Charged twice, refund now", "I was charged twice for the Docker course", Priority: TicketPriority.Urgent), platform, Ct);
        await desk.CreateAsync(new NewTicket("u-2", "Certificate name", "Please change the name on my certificate", Priority: TicketPriority.Low), platform, Ct);

        var response = await client.GetAsync("/support/export.csv?view=open&priority=urgent", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment; filename=\"tickets-open-", response.Content.Headers.ContentDisposition?.ToString());
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("ticket_id,subject,learner_id,status,priority", lines[0]);
        Assert.StartsWith($"{urgent.TicketId},\"Charged twice, refund now\",u-1,new,urgent,en,web,", lines[1]);
    }
}
