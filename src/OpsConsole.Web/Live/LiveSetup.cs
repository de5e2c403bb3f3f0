using OpsConsole.Ingestion;
using OpsConsole.Web.Hosting;

namespace OpsConsole.Web.Live;

public static class LiveSetup
{
    public static WebApplicationBuilder AddLiveHub(this WebApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR();
        // Several instances behind a load balancer share pushes through Redis; one instance needs nothing.
        // Validated with the rest of ScaleOut at start; a bad string stops start-up before the first push.
        if (ScaleOutOptions.Read(builder.Configuration).Redis is { } redis)
        {
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("opsconsole"));
        }
        builder.Services.AddSingleton<IIngestionNotifier, HubIngestionNotifier>();
        return builder;
    }

    public static WebApplication MapLiveHub(this WebApplication app)
    {
        app.MapHub<OpsHub>(OpsHub.Path);
        return app;
    }
}
