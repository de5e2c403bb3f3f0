using Microsoft.Extensions.Configuration;
using OpsConsole.Data;

namespace OpsConsole.Tests.Data;

public sealed class DatabaseOptionsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.ToDictionary(p => p.Key, p => p.Value)).Build();

    [Theory]
    [InlineData("sqlite", DatabaseProvider.Sqlite)]
    [InlineData("PostgreSql", DatabaseProvider.PostgreSql)]
    [InlineData("SQLSERVER", DatabaseProvider.SqlServer)]
    public void ReadOptions_KnownProviderInAnyCase_IsChosen(string text, DatabaseProvider expected)
    {
        var options = DataServiceCollectionExtensions.ReadOptions(Config(("Database:Provider", text), ("ConnectionStrings:OpsConsole", "x")));

        Assert.Equal(expected, options.Provider);
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("3")]
    public void ReadOptions_UnknownProvider_ThrowsNamingTheKeyAndTheChoices(string text)
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() =>
            DataServiceCollectionExtensions.ReadOptions(Config(("Database:Provider", text), ("ConnectionStrings:OpsConsole", "x"))));

        Assert.Contains($"Database:Provider '{text}'", error.Message);
        Assert.Contains("Sqlite, PostgreSql, SqlServer", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void ReadOptions_EmptyConnectionString_ThrowsNamingTheKey(string? connection)
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() =>
            DataServiceCollectionExtensions.ReadOptions(Config(("Database:Provider", "PostgreSql"), ("ConnectionStrings:OpsConsole", connection))));

        Assert.Contains("ConnectionStrings:OpsConsole is empty", error.Message);
        Assert.Contains("PostgreSql", error.Message);
    }

    [Fact]
    public void ReadOptions_Defaults_AreSqliteWithMigrationsOnStart()
    {
        var options = DataServiceCollectionExtensions.ReadOptions(Config(("ConnectionStrings:OpsConsole", "Data Source=a.db")));

        Assert.Equal((DatabaseProvider.Sqlite, true, 120), (options.Provider, options.MigrateOnStart, options.CommandTimeoutSeconds));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("3", 3)]
    [InlineData("16", 16)]
    public void ReadOptions_AnalyticsParallelism_IsRead(string? text, int expected)
    {
        var options = DataServiceCollectionExtensions.ReadOptions(Config(("Database:AnalyticsParallelism", text), ("ConnectionStrings:OpsConsole", "x")));

        Assert.Equal(expected, options.AnalyticsParallelism);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("17")]
    [InlineData("two")]
    public void ReadOptions_AnalyticsParallelismOutOfRange_ThrowsNamingTheKey(string text)
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() =>
            DataServiceCollectionExtensions.ReadOptions(Config(("Database:AnalyticsParallelism", text), ("ConnectionStrings:OpsConsole", "x"))));

        Assert.Contains($"Database:AnalyticsParallelism '{text}'", error.Message);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    public void AnalyticsSlices_Configured_IsTheConfiguredNumber(int configured, int expected)
    {
        Assert.Equal(expected, new DatabaseOptions { AnalyticsParallelism = configured }.AnalyticsSlices);
    }

    [Fact]
    public void AnalyticsSlices_Zero_IsTheProcessorCount()
    {
        Assert.Equal(Math.Min(Environment.ProcessorCount, DatabaseOptions.MaxAnalyticsParallelism), new DatabaseOptions().AnalyticsSlices);
    }

    [Fact]
    public void ResolveDataDirectory_Token_ExpandsToTheConfiguredFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ops-data");

        var resolved = DataServiceCollectionExtensions.ResolveDataDirectory("Data Source=|DataDirectory|opsconsole.db", folder);

        Assert.Equal($"Data Source={folder}{Path.DirectorySeparatorChar}opsconsole.db", resolved);
    }

    [Fact]
    public void ResolveDataDirectory_NoToken_LeavesTheStringAlone()
    {
        Assert.Equal("Host=db;Database=x", DataServiceCollectionExtensions.ResolveDataDirectory("Host=db;Database=x", "/elsewhere"));
    }
}
