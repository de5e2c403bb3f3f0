using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Support;

namespace OpsConsole.Bench.Support;

/// <summary>
/// The real web app, started in this process on Kestrel at a free loopback port, so every ticket crosses a real socket
/// (HTTP/1.1 for the API, WebSockets for the hub) and the whole pipeline (API keys, cookies, authorization). It runs in
/// this process rather than as its own so the desk's routing histogram can be read here and the trained intent model
/// registered; the clients share the process's two cores with the server, as they would share the machine anyway.
/// </summary>
public sealed class BenchApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly IIntentClassifier _intents;

    public BenchApp(string provider, string connectionString, IIntentClassifier intents, double triageBelow, string logLevel)
    {
        _intents = intents;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:OpsConsole"] = connectionString,
            ["Demo:Enabled"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Support:Desk:TriageBelowConfidence"] = triageBelow.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = logLevel,
            ["Logging:LogLevel:Microsoft.AspNetCore"] = logLevel,
        };
        UseKestrel(0);
    }

    public Uri Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/') + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(WebProjectDirectory());
        // The sign-in page links the console's assets; serve them from the build as `dotnet run` does.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        // After the app's own registrations, so the trained model wins whatever classifier the desk registers by default.
        builder.ConfigureTestServices(services => services.AddSingleton(_intents));
    }

    /// <summary>The web project's folder, found upwards from the build output, as its content root when it runs from the repository.</summary>
    private static string WebProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "OpsConsole.Web");
            if (File.Exists(Path.Combine(candidate, "OpsConsole.Web.csproj")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"No src/OpsConsole.Web above {AppContext.BaseDirectory}.");
    }

}
