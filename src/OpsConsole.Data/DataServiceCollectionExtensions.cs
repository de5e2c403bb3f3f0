using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OpsConsole.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers a pooled <see cref="IDbContextFactory{OpsDbContext}"/> for the configured provider.
    /// Blazor circuits live long, so components open a context per operation through the factory.
    /// </summary>
    public static IServiceCollection AddOpsData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ReadOptions(configuration);
        services.AddSingleton(options);
        services.AddPooledDbContextFactory<OpsDbContext>(b => Configure(b, options));
        // Identity's stores take a scoped context; hand them one from the same factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Reads and validates the database settings; a bad value stops start-up with a message that says which key to fix.</summary>
    public static DatabaseOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection(DatabaseOptions.Section);
        var providerText = section["Provider"];
        var options = new DatabaseOptions();
        if (!string.IsNullOrWhiteSpace(providerText))
        {
            if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
            {
                throw new DatabaseConfigurationException(
                    $"Database:Provider '{providerText}' is not supported. Use one of: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
            }
            options.Provider = provider;
        }
        options.ConnectionString = ResolveDataDirectory(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? "", section["DataDirectory"]);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new DatabaseConfigurationException(
                $"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is empty. Set it for the {options.Provider} provider " +
                "(for example the environment variable ConnectionStrings__OpsConsole).");
        }
        if (bool.TryParse(section["MigrateOnStart"], out var migrate))
        {
            options.MigrateOnStart = migrate;
        }
        if (int.TryParse(section["CommandTimeoutSeconds"], out var timeout) && timeout > 0)
        {
            options.CommandTimeoutSeconds = timeout;
        }
        if (section["AnalyticsParallelism"] is { Length: > 0 } parallelism)
        {
            if (!int.TryParse(parallelism, out var slices) || slices is < 0 or > DatabaseOptions.MaxAnalyticsParallelism)
            {
                throw new DatabaseConfigurationException(
                    $"Database:AnalyticsParallelism '{parallelism}' must be a whole number from 0 (one per processor) to {DatabaseOptions.MaxAnalyticsParallelism}.");
            }
            options.AnalyticsParallelism = slices;
        }
        return options;
    }

    /// <summary>
    /// Expands <c>|DataDirectory|</c> so the web app and the command-line tool find the same SQLite file
    /// whatever folder each is started from.
    /// </summary>
    public static string ResolveDataDirectory(string connectionString, string? dataDirectory)
    {
        const string token = "|DataDirectory|";
        if (!connectionString.Contains(token, StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }
        var directory = string.IsNullOrWhiteSpace(dataDirectory)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "OpsConsole")
            : Path.GetFullPath(dataDirectory);
        return connectionString.Replace(token, directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        var migrations = MigrationsAssembly(options.Provider);
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(options.ConnectionString,
                    o => o.MigrationsAssembly(migrations).CommandTimeout(options.CommandTimeoutSeconds))
                .AddInterceptors(new SqliteBusyTimeout(options.CommandTimeoutSeconds)),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(options.ConnectionString,
                o => o.MigrationsAssembly(migrations).CommandTimeout(options.CommandTimeoutSeconds)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(options.ConnectionString,
                o => o.MigrationsAssembly(migrations).CommandTimeout(options.CommandTimeoutSeconds)),
            _ => throw new DatabaseConfigurationException($"Unsupported provider {options.Provider}."),
        };
    }

    public static string MigrationsAssembly(DatabaseProvider provider) => $"OpsConsole.Migrations.{provider}";
}

public sealed class DatabaseConfigurationException(string message) : Exception(message);
