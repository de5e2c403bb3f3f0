using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Profiles;

namespace OpsConsole;

public static class ProfilesServiceCollectionExtensions
{
    /// <summary>Profiles, their queries and their settings; a bad <c>Profiles</c> section stops start-up with the key named.</summary>
    public static IServiceCollection AddProfiles(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ProfileOptions.Section).Get<ProfileOptions>() ?? new ProfileOptions();
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true))
        {
            throw new ProfileConfigurationException($"{ProfileOptions.Section}:{string.Join(", ", results.SelectMany(r => r.MemberNames))} — {results[0].ErrorMessage}");
        }
        if (!options.Validate(out var error))
        {
            throw new ProfileConfigurationException(error!);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<ProfileBuilder>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<ProfileQueries>();
        return services;
    }
}

public sealed class ProfileConfigurationException(string message) : Exception(message);
