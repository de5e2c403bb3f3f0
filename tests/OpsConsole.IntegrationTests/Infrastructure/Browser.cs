using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsConsole.Access;

namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright. Nothing is downloaded: Playwright's own browser builds are never
/// installed; when Chromium is missing and the tests run as root, it is installed from Debian's packages.
/// </summary>
public static class Browser
{
    public const string RequireVariable = "OPSCONSOLE_REQUIRE_BROWSER";
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;
    private static string? _unavailable;

    /// <summary>
    /// Folder where tests leave screenshots for people to look at: the test platform's default results folder
    /// (TestResults next to the test assembly), one subfolder per test.
    /// </summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> ScreenshotSteps = new();

    public static async Task<IBrowserContext> NewContextAsync(Uri baseAddress, string? locale = null)
    {
        var browser = await GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = locale ?? "en-US",
        });
        context.SetDefaultTimeout(60_000);
        return context;
    }

    /// <summary>Creates a user in <paramref name="role"/> and signs in through the sign-in form, landing on that role's start page.</summary>
    public static async Task<IPage> SignInAsync(OpsConsoleApp app, IBrowserContext context, string role, string? displayName = null)
    {
        var email = await CreateUserAsync(app, role, displayName);
        return await SignInAsync(context, email, OpsConsoleApp.TestPassword);
    }

    /// <summary>Signs in through the sign-in form with an existing account; the page is wherever the console lands that user.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string email, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Waits until the page's circuit is live, so clicks and typing reach the server.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync(".ops-page[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });

    /// <summary>A user in <paramref name="role"/> whose password is <see cref="OpsConsoleApp.TestPassword"/>; returns the email.</summary>
    public static async Task<string> CreateUserAsync(OpsConsoleApp app, string role, string? displayName = null)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@browser.local";
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAdminService>().CreateAsync(email, role, OpsConsoleApp.TestPassword, displayName ?? $"{role} Person");
        return email;
    }

    /// <summary>
    /// Saves the page as TestResults/screenshots/&lt;test&gt;/&lt;NN&gt;-&lt;step&gt;.png, numbered in the order the test took them.
    /// A test's folder is emptied on its first screenshot of the run, so it never mixes in pictures of an older run.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string step)
    {
        var folder = Path.Combine(ScreenshotDirectory, TestFolderName());
        var number = ScreenshotSteps.AddOrUpdate(folder, 1, (_, n) => n + 1);
        if (number == 1 && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{number:00}-{step}.png"), FullPage = true });
    }

    /// <summary>The running test as a folder name: class and method and, for a theory, its first argument (the case it runs).</summary>
    private static string TestFolderName()
    {
        var context = TestContext.Current;
        var name = $"{context.TestClass?.TestClassName.Split('.')[^1]}.{context.TestMethod?.MethodName ?? "test"}";
        if (context.Test is Xunit.v3.IXunitTest { TestMethodArguments: [var first, ..] })
        {
            name += "-" + Convert.ToString(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        var invalid = Path.GetInvalidFileNameChars().Concat(['"', ' ', '(', ')', ',', ':', '/', '[', ']']).ToHashSet();
        var safe = new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
        return safe.Length <= 150 ? safe : safe[..150];
    }

    /// <summary>
    /// A Blazor page is first served pre-rendered and becomes interactive once its circuit connects;
    /// a click before that does nothing, so click until the expected element shows.
    /// </summary>
    public static async Task ClickWhenInteractiveAsync(IPage page, string selector, string expectSelector)
    {
        // Console pages say when their circuit is live; clicking once after that cannot open a dialog twice on a slow
        // machine, as repeated clicks could. Pages outside the console's layout fall back to clicking until it shows.
        if (await page.Locator(".ops-page").CountAsync() > 0)
        {
            await page.WaitForSelectorAsync(".ops-page[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            await page.ClickAsync(selector);
            await page.WaitForSelectorAsync(expectSelector, new PageWaitForSelectorOptions { Timeout = 30_000 });
            return;
        }
        for (var attempt = 0; attempt < 40; attempt++)
        {
            try
            {
                await page.ClickAsync(selector, new PageClickOptions { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                // Something now covers the button (the dialog it opens, still rendering on a busy machine): wait for it.
                await page.WaitForSelectorAsync(expectSelector, new PageWaitForSelectorOptions { Timeout = 30_000 });
                return;
            }
            try
            {
                await page.WaitForSelectorAsync(expectSelector, new PageWaitForSelectorOptions { Timeout = 500 });
                return;
            }
            catch (TimeoutException)
            {
            }
        }
        throw new TimeoutException($"Clicking {selector} never showed {expectSelector}.");
    }

    private static async Task<IBrowser> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is null && _unavailable is null)
            {
                try
                {
                    await EnsureChromiumAsync();
                    // The suite runs many apps at once on small machines; give pages time rather than fail on load.
                    Assertions.SetDefaultExpectTimeout(20_000);
                    _playwright = await Playwright.CreateAsync();
                    _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                    {
                        ExecutablePath = ChromiumPath,
                        Headless = true,
                        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                    });
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => _playwright.Dispose();
                }
                catch (Exception ex)
                {
                    _unavailable = ex.Message;
                }
            }
            if (_browser is null)
            {
                var reason = $"Chromium unavailable: {_unavailable}";
                if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
                {
                    Assert.Fail($"{reason} ({RequireVariable}=1 makes this a failure)");
                }
                Assert.Skip(reason);
            }
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task EnsureChromiumAsync()
    {
        if (await DebianPackages.EnsureAsync("chromium", ChromiumPath) is null)
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing; install Debian's chromium package.");
        }
    }
}

/// <summary>Browser tests run one at a time: each drives a real app and Chromium, and together they would starve a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
