using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsConsole.Analytics;
using OpsConsole.Support;
using static OpsConsole.Tests.Support.Sla.SlaFixtures;

namespace OpsConsole.Tests.Support.Sla;

public sealed class TicketRoutingServicesTests : IDisposable
{
    // The policies managers save live in the database; these tests only read the configured ones.
    private readonly Components.TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        _database.Register(services);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(new PlatformTime(Shanghai, TimeProvider.System));
        services.AddTicketRouting();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddTicketRouting_NoSettings_ClockInPlatformZoneAndDefaultFallback()
    {
        using var provider = Services([]);

        Assert.Same(Shanghai, provider.GetRequiredService<SlaClock>().Calendar.Zone);
        Assert.Equal(TimeSpan.FromMinutes(15), provider.GetRequiredService<IOptions<RoutingOptions>>().Value.FallbackAfter);
    }

    [Fact]
    public void AddTicketRouting_BadSettings_ValidationNamesEachKey()
    {
        using var provider = Services(new()
        {
            ["Support:Routing:FallbackAfterMinutes"] = "0",
            ["Support:Sla:BusinessHours:Monday"] = "nine to six",
        });

        var routing = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RoutingOptions>>().Value);
        var sla = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SlaClock>());

        Assert.Contains("FallbackAfterMinutes", routing.Message);
        Assert.Contains("Support:Sla:BusinessHours:Monday: 'nine to six' is not a range", sla.Message);
    }
}
