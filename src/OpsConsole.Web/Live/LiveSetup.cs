using OpsConsole.Ingestion;

namespace OpsConsole.Web.Live;

public static class LiveSetup
{
    public static WebApplicationBuilder AddLiveHub(this WebApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR();
        // Several instances behind a load balancer share pushes through Redis; one instance needs nothing.
        var redis = builder.Configuration["SignalR:RedisConnectionString"];
        if (!string.IsNullOrWhiteSpace(redis))
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
