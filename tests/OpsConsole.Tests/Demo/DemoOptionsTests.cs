using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsConsole.Data;
using OpsConsole.Demo;

namespace OpsConsole.Tests.Demo;

public sealed class DemoOptionsTests
{
    private static DemoOptions Resolve(DatabaseProvider provider, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(new DatabaseOptions { Provider = provider, ConnectionString = "Data Source=unused.db" });
        services.AddDemo(configuration);
        using var provider_ = services.BuildServiceProvider();
        return provider_.GetRequiredService<IOptions<DemoOptions>>().Value;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, true)]
    [InlineData(DatabaseProvider.PostgreSql, false)]
    [InlineData(DatabaseProvider.SqlServer, false)]
    public void AddDemo_EnabledUnset_FollowsTheProvider(DatabaseProvider provider, bool expected)
    {
        Assert.Equal(expected, Resolve(provider).IsEnabled);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "false", false)]
    [InlineData(DatabaseProvider.PostgreSql, "true", true)]
    public void AddDemo_EnabledSet_WinsOverTheProvider(DatabaseProvider provider, string enabled, bool expected)
    {
        Assert.Equal(expected, Resolve(provider, ("Demo:Enabled", enabled)).IsEnabled);
    }

    [Fact]
    public void AddDemo_NothingSet_UsesTheDefaultSize()
    {
        var options = Resolve(DatabaseProvider.Sqlite);

        Assert.Equal((5000, 180, 42), (options.Learners, options.Days, options.Seed));
    }

    [Theory]
    [InlineData("Demo:Learners", "5")]
    [InlineData("Demo:Learners", "1000000")]
    [InlineData("Demo:Days", "0")]
    [InlineData("Demo:Days", "5000")]
    public void AddDemo_SizeOutOfRange_FailsValidationNamingTheSetting(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(DatabaseProvider.Sqlite, (key, value)));

        Assert.Contains(key.Split(':')[1], error.Message);
    }

    [Theory]
    [InlineData(10, 7, null)]
    [InlineData(9, 7, "learners")]
    [InlineData(10, 6, "days")]
    [InlineData(200_000, 730, null)]
    [InlineData(200_001, 730, "learners")]
    public void Validate_Sizes_NameTheOneOutOfRange(int learners, int days, string? problem)
    {
        var result = DemoOptions.Validate(learners, days);

        if (problem is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.StartsWith(problem, result);
        }
    }

    [Fact]
    public void DefaultEndDate_LateEveningUtc_IsYesterdayInThePlatformZone()
    {
        // 17:00 UTC is already 01:00 the next day in UTC+8, so "yesterday" there is the UTC date itself.
        var clock = new FixedClock(new DateTimeOffset(2026, 5, 1, 17, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 5, 1), DemoPlatformGenerator.DefaultEndDate(clock));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
