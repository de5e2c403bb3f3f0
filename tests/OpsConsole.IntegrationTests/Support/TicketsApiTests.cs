using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support;

public sealed class TicketsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private const string LoginTicket = """{"learnerId":"l-1","subject":"Cannot log in","body":"I cannot log in to my account since yesterday","channel":"app"}""";

    [Fact]
    public async Task TicketAssigned_TicketPostedThroughTheApi_ReachesTheChosenAgentsConnectionAndNoOtherAgents()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (_, englishCookies) = await app.SignInAsync(Roles.SupportAgent, "english@desk.test");
        var (_, chineseCookies) = await app.SignInAsync(Roles.SupportAgent, "chinese@desk.test");
        var agents = app.Services.GetRequiredService<AgentDirectory>();
        await agents.SaveAsync(new AgentProfile("english@desk.test", "English", "*", "en", "", 5), Ct);
        await agents.SaveAsync(new AgentProfile("chinese@desk.test", "Chinese", "*", "zh", "", 5), Ct);
        await agents.SetStatusAsync("english@desk.test", AgentStatus.Online, Ct);
        await agents.SetStatusAsync("chinese@desk.test", AgentStatus.Online, Ct);
        await using var english = app.ConnectHub(englishCookies);
        await using var chinese = app.ConnectHub(chineseCookies);
        var toEnglish = new TaskCompletionSource<(TicketSummary Ticket, string Reason)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var toChinese = new TaskCompletionSource<TicketSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        english.On<TicketSummary, string>("TicketAssigned", (t, reason) => toEnglish.TrySetResult((t, reason)));
        chinese.On<TicketSummary, string>("TicketAssigned", (t, _) => toChinese.TrySetResult(t));
        await english.StartAsync(Ct);
        await chinese.StartAsync(Ct);
        var api = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Tickets));

        var response = await api.PostAsync("/api/v1/tickets", Json(LoginTicket), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("english@desk.test", "assigned", "en"),
            (created.GetProperty("assigneeId").GetString(), created.GetProperty("status").GetString(), created.GetProperty("language").GetString()));
        var id = created.GetProperty("ticketId").GetInt64();
        var pushed = await toEnglish.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal((id, "Cannot log in"), (pushed.Ticket.Id, pushed.Ticket.Subject));
        Assert.Contains("English", pushed.Reason);
        Assert.False(await Task.WhenAny(toChinese.Task, Task.Delay(TimeSpan.FromSeconds(1), Ct)) == toChinese.Task, "the Chinese-speaking agent got the English ticket");
    }

    [Fact]
    public async Task TicketChanged_LearnerRepliesThroughTheApi_ReachesEveryoneViewingTheTicket()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var (_, managerCookies) = await app.SignInAsync(Roles.Manager);
        var api = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Tickets));
        var created = await (await api.PostAsync("/api/v1/tickets", Json(LoginTicket), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("ticketId").GetInt64();
        await using var viewer = app.ConnectHub(managerCookies);
        var changed = new TaskCompletionSource<TicketChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        viewer.On<TicketChange>("TicketChanged", c => changed.TrySetResult(c));
        await viewer.StartAsync(Ct);
        await viewer.InvokeAsync("WatchTicket", id, Ct);

        var reply = await api.PostAsync($"/api/v1/tickets/{id}/messages", Json("""{"body":"Any news?"}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var change = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal((id, TicketChangeKind.Message), (change.TicketId, change.Kind));
    }

    [Theory]
    [InlineData("""{"subject":"s","body":"b"}""", "learnerId")]
    [InlineData("""{"learnerId":"l-1","body":"b"}""", "subject")]
    [InlineData("""{"learnerId":"l-1","subject":"s","body":""}""", "body")]
    [InlineData("""{"learnerId":"l-1","subject":"s","body":"b","priority":"asap"}""", "priority")]
    [InlineData("""{"learnerId":"l-1","subject":"s","body":"b","tags":["ok","not ok"]}""", "tags[1]")]
    [InlineData("""{"learnerId":"l-1","subject":"s","body":"b","channel":"e mail"}""", "channel")]
    [InlineData("""{"learnerId":"l-1","subject":5,"body":"b"}""", "subject")]
    [InlineData("""{"learnerId":"l-1",""", "(body)")]
    [InlineData("""null""", "(body)")]
    public async Task Post_BadInput_Is400NamingTheFieldAndStoresNothing(string body, string field)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var api = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Tickets));

        var response = await api.PostAsync("/api/v1/tickets", Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
        await using var read = await db.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(read.Tickets);
    }

    [Fact]
    public async Task Post_KeyWithoutTheTicketsScope_Is403()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var api = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Ingest));

        var response = await api.PostAsync("/api/v1/tickets", Json(LoginTicket), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Lifecycle_ThroughTheApi_GetHidesNotes_RatingNeedsResolution_UnknownIs404_ClosedIs409()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(db);
        var api = app.CreateApiClient(await app.CreateApiKeyAsync(ApiScopes.Tickets));
        var id = (await (await api.PostAsync("/api/v1/tickets", Json(LoginTicket), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("ticketId").GetInt64();
        var desk = app.Services.GetRequiredService<SupportDesk>();
        var agent = new Actor("agent@desk.test", "Agent");
        await desk.ReplyAsync(id, agent, "Looking into it (internal)", note: true, cancellationToken: Ct);
        await desk.ReplyAsync(id, agent, "Please try again now.", cancellationToken: Ct);

        var view = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}", Ct);
        var kinds = view.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["learner", "agent"], kinds);
        Assert.Equal("pending", view.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/tickets/{id}/csat", Json("""{"rating":5}"""), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"/api/v1/tickets/{id}/solved", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync($"/api/v1/tickets/{id}/csat", Json("""{"rating":9}"""), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"/api/v1/tickets/{id}/csat", Json("""{"rating":5,"comment":"fast"}"""), Ct)).StatusCode);
        Assert.Equal(5, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}", Ct)).GetProperty("csatRating").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/tickets/999999", Ct)).StatusCode);

        await desk.SetStatusAsync(id, TicketStatus.Closed, agent, Ct);
        var closed = await api.PostAsync($"/api/v1/tickets/{id}/messages", Json("""{"body":"hello again"}"""), Ct);
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/tickets?learnerId=l-1", Ct);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }
}
