using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OpsConsole.Web.Hosting;

public static class ScaleOutSetup
{
    /// <summary>
    /// Sign-in cookies, antiforgery tokens and anything else data protection guards use this name on every instance. The default
    /// would be the content root path, which differs between hosts installed in different folders.
    /// </summary>
    public const string ApplicationName = "OpsConsole";

    /// <summary>The Redis list that holds the key ring (one XML element per key).</summary>
    public const string DataProtectionKey = "opsconsole:data-protection-keys";

    /// <summary>
    /// Several instances behind a load balancer: one data-protection key ring in Redis, so a sign-in cookie or form token
    /// issued by one instance is accepted by every other. The SignalR backplane on the same Redis is in
    /// <see cref="Live.LiveSetup"/>; Hangfire needs nothing here, its storage is the shared database.
    /// </summary>
    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        // Checked here rather than when the host starts: the SignalR backplane parses the string as soon as a start-up
        // step first touches the hub, and would fail with a message that names no setting.
        var options = ScaleOutOptions.Read(builder.Configuration);
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true))
        {
            throw new OptionsValidationException(ScaleOutOptions.Section, typeof(ScaleOutOptions), problems.Select(p => p.ErrorMessage ?? ""));
        }
        builder.Services.AddOptions<ScaleOutOptions>().Configure<IConfiguration>(ScaleOutOptions.Bind);

        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (options.Redis is not null)
        {
            builder.Services.AddSingleton<SharedRedis>();
            builder.Services.AddOptions<KeyManagementOptions>()
                .Configure<SharedRedis>((o, redis) => o.XmlRepository = new RedisXmlRepository(redis.Database, DataProtectionKey));
            builder.Services.AddHealthChecks().AddCheck<SharedRedisHealthCheck>("redis");
        }
        return builder;
    }

    /// <summary>The instance's connection to the shared Redis, opened at first use and closed with the host.</summary>
    public sealed class SharedRedis(IOptions<ScaleOutOptions> options) : IDisposable
    {
        private readonly Lazy<ConnectionMultiplexer> _connection = new(() =>
        {
            var configuration = ConfigurationOptions.Parse(options.Value.Redis!);
            // Keep retrying in the background after an outage instead of failing every later call.
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });

        public IDatabase Database() => _connection.Value.GetDatabase();

        public void Dispose()
        {
            if (_connection.IsValueCreated)
            {
                _connection.Value.Dispose();
            }
        }
    }
}
