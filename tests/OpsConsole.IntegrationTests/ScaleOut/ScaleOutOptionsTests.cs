using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Web.Hosting;

namespace OpsConsole.IntegrationTests.ScaleOut;

public sealed class ScaleOutOptionsTests
{
    private static ScaleOutOptions Read(params (string Key, string Value)[] settings) =>
        ScaleOutOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build());

    private static List<string> Problems(ScaleOutOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    [Fact]
    public void Read_NothingSet_OneInstanceWithoutRedis()
    {
        var options = Read();

        Assert.Null(options.Redis);
        Assert.Empty(Problems(options));
    }

    [Fact]
    public void Read_OnlyTheOlderSignalRKeySet_UsesIt()
    {
        var options = Read((ScaleOutOptions.LegacyRedisKey, "redis.internal:6379"));

        Assert.Equal("redis.internal:6379", options.Redis);
        Assert.Empty(Problems(options));
    }

    [Fact]
    public void Validate_BothKeysNameDifferentServers_NamesBothKeys()
    {
        var options = Read(("ScaleOut:RedisConnectionString", "redis-a:6379"), (ScaleOutOptions.LegacyRedisKey, "redis-b:6379"));

        var problem = Assert.Single(Problems(options));
        Assert.Contains("ScaleOut:RedisConnectionString", problem);
        Assert.Contains(ScaleOutOptions.LegacyRedisKey, problem);
    }

    [Fact]
    public async Task StartUp_UnparsableRedisConnectionString_StopsNamingTheKey()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var app = new OpsConsoleApp(database, new Dictionary<string, string?> { ["ScaleOut:RedisConnectionString"] = "127.0.0.1:6379,colour=blue" });

        var error = Record.Exception(() => app.BaseAddress);

        Assert.NotNull(error);
        Assert.Contains("ScaleOut:RedisConnectionString '127.0.0.1:6379,colour=blue' is not a Redis connection string", error.ToString());
        try
        {
            await app.DisposeAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or AggregateException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            // A host that never started may refuse to stop cleanly; the start-up failure above is what this test is about.
        }
    }
}
