using System.Text.Json;
using Bunit;
using OpsConsole.Support;
using OpsConsole.Tests.Components;
using OpsConsole.Web.Components.Live;
using OpsConsole.Web.Support;

namespace OpsConsole.Tests.Support.Desk;

public sealed class DeskLiveUpdatesTests : ComponentTestBase
{
    private readonly BunitJSModuleInterop _module;
    private readonly BunitJSModuleInterop _connection;

    public DeskLiveUpdatesTests()
    {
        _module = JSInterop.SetupModule(LiveUpdates.ModulePath);
        _connection = _module.SetupModule("connect", _ => true);
    }

    private static JsonElement Options(JSRuntimeInvocation connect) => JsonSerializer.SerializeToElement(connect.Arguments[2], connect.Arguments[2]!.GetType());

    [Fact]
    public void Render_TicketPage_AsksToWatchTheTicketAndHearTheDesk()
    {
        Render<LiveUpdates>(p => p.Add(c => c.WatchTicket, 42L).Add(c => c.OnTicketViewers, _ => { }));

        var options = Options(_module.VerifyInvoke("connect"));
        Assert.Equal(42, options.GetProperty("watchTicket").GetInt64());
        Assert.True(options.GetProperty("desk").GetBoolean());
    }

    [Fact]
    public void Render_PageWithoutDeskCallbacks_DoesNotAskForTheDesksPushes()
    {
        Render<LiveUpdates>(p => p.Add(c => c.OnEventsIngested, _ => { }));

        var options = Options(_module.VerifyInvoke("connect"));
        Assert.False(options.GetProperty("desk").GetBoolean());
        Assert.Equal(JsonValueKind.Null, options.GetProperty("watchTicket").ValueKind);
    }

    [Fact]
    public async Task Pushes_FromTheHub_ReachTheirCallbacks()
    {
        TicketAssignedPush? assigned = null;
        TicketChange? changed = null;
        DeskPulse? desk = null;
        var live = Render<LiveUpdates>(p => p
            .Add(c => c.OnTicketAssigned, push => assigned = push)
            .Add(c => c.OnTicketChanged, change => changed = change)
            .Add(c => c.OnDeskChanged, pulse => desk = pulse));
        var at = new DateTime(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc);
        var ticket = new TicketSummary(7, "Refund", "u-1", TicketStatus.Assigned, TicketPriority.High, "en", "web", "refund_request", 0.9, null, "a@desk.test",
            at, at, at.AddHours(4), at.AddHours(27), SlaAlerts.None, -0.2);

        await live.InvokeAsync(() => live.Instance.ReceiveTicketAssigned(ticket, "free slots"));
        await live.InvokeAsync(() => live.Instance.ReceiveTicketChanged(new TicketChange(7, TicketChangeKind.Message, "The learner replied", "a@desk.test", at)));
        await live.InvokeAsync(() => live.Instance.ReceiveDeskChanged(new DeskPulse(1, 2, 3, 10, 0, at, [])));

        Assert.Equal((7L, "free slots"), (assigned!.Ticket.Id, assigned.Reason));
        Assert.Equal(TicketChangeKind.Message, changed!.Kind);
        Assert.Equal(3, desk!.GeneralQueue);
    }

    [Fact]
    public async Task SetReplying_Connected_TellsTheHubThroughTheConnection()
    {
        var live = Render<LiveUpdates>(p => p.Add(c => c.WatchTicket, 42L));

        await live.InvokeAsync(() => live.Instance.SetReplyingAsync(42, true));

        var call = _connection.VerifyInvoke("setReplying");
        Assert.Equal([42L, true], call.Arguments);
    }
}
