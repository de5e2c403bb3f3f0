using Bunit;
using Microsoft.JSInterop;
using OpsConsole.Ingestion;
using OpsConsole.Web.Components.Live;

namespace OpsConsole.Tests.Components;

public sealed class LiveUpdatesTests : ComponentTestBase
{
    private readonly BunitJSModuleInterop _module;

    public LiveUpdatesTests()
    {
        _module = JSInterop.SetupModule(LiveUpdates.ModulePath);
        _module.SetupModule("connect", _ => true);
    }

    [Fact]
    public void Render_FirstTime_ConnectsToTheOpsHubWithACallbackObject()
    {
        Render<LiveUpdates>();

        var connect = _module.VerifyInvoke("connect");
        Assert.Equal("/hubs/ops", connect.Arguments[0]);
        Assert.IsType<DotNetObjectReference<LiveUpdates>>(connect.Arguments[1]);
    }

    [Fact]
    public async Task OnPulse_FromTheHub_ReachesTheCallback()
    {
        IngestionPulse? received = null;
        var live = Render<LiveUpdates>(p => p.Add(c => c.OnEventsIngested, pulse => received = pulse));
        var pulse = new IngestionPulse(120, 3, 2, new DateTime(2026, 5, 1, 10, 0, 0, DateTimeKind.Utc));

        await live.InvokeAsync(() => live.Instance.OnPulse(pulse));

        Assert.Equal(pulse, received);
    }

    [Theory]
    [InlineData("live", "Live")]
    [InlineData("reconnecting", "Reconnecting")]
    [InlineData("offline", "Offline")]
    public async Task OnState_ConnectionChange_ShowsItInTheIndicator(string state, string label)
    {
        var live = Render<LiveUpdates>();

        await live.InvokeAsync(() => live.Instance.OnState(state));

        Assert.Equal(label, live.Find(".ops-live__label").TextContent);
        Assert.Contains($"ops-live--{state}", live.Find(".ops-live").ClassName);
    }

    [Theory]
    [InlineData("reconnecting")]
    [InlineData("offline")]
    public async Task OnState_LiveAgainAfterADrop_RaisesOnReconnectedOnce(string down)
    {
        var reconnected = 0;
        var live = Render<LiveUpdates>(p => p.Add(c => c.OnReconnected, () => reconnected++));
        await live.InvokeAsync(() => live.Instance.OnState("live"));

        await live.InvokeAsync(() => live.Instance.OnState(down));
        await live.InvokeAsync(() => live.Instance.OnState("live"));
        await live.InvokeAsync(() => live.Instance.OnState("live"));

        Assert.Equal(1, reconnected);
    }

    [Fact]
    public async Task OnState_FirstConnection_DoesNotRaiseOnReconnected()
    {
        var reconnected = 0;
        var live = Render<LiveUpdates>(p => p.Add(c => c.OnReconnected, () => reconnected++));

        await live.InvokeAsync(() => live.Instance.OnState("live"));

        Assert.Equal(0, reconnected);
    }
}
