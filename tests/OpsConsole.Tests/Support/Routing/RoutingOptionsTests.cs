using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using OpsConsole.Support;

namespace OpsConsole.Tests.Support.Routing;

public sealed class RoutingOptionsTests
{
    private static List<ValidationResult> Validate(RoutingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_AreValidWithFifteenMinuteFallback()
    {
        var options = new RoutingOptions();

        Assert.Empty(Validate(options));
        Assert.Equal(TimeSpan.FromMinutes(15), options.FallbackAfter);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(7 * 24 * 60 + 1)]
    public void Validate_FallbackOutOfRange_NamesTheKey(int minutes)
    {
        var error = Assert.Single(Validate(new RoutingOptions { FallbackAfterMinutes = minutes }));

        Assert.Contains(nameof(RoutingOptions.FallbackAfterMinutes), error.MemberNames);
    }

    [Fact]
    public void Bind_FromConfigurationSection_ReadsFallback()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Support:Routing:FallbackAfterMinutes"] = "40" })
            .Build();

        var options = configuration.GetSection(RoutingOptions.Section).Get<RoutingOptions>()!;

        Assert.Equal(TimeSpan.FromMinutes(40), options.FallbackAfter);
    }
}
