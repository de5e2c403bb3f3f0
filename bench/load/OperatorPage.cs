using System.Diagnostics;
using Microsoft.Playwright;

namespace OpsConsole.Bench.Load;

/// <summary>
/// An operator's browser tab: Debian's Chromium, headless, driven by Playwright (nothing downloaded), signed in through
/// the form and kept open on the console. Every interval it loads the next page afresh — a new Blazor circuit over
/// WebSockets — and times it from the navigation's start until the layout says its circuit is live
/// (<c>.ops-page[data-interactive=true]</c>): what a person waits before the page answers a click.
/// </summary>
public sealed class OperatorPage : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly IReadOnlyList<string> _pages;
    private int _next;

    private OperatorPage(IPlaywright playwright, IBrowser browser, IPage page, IReadOnlyList<string> pages)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
        _pages = pages;
    }

    public static async Task<OperatorPage> OpenAsync(Uri address, string email, string password, IReadOnlyList<string> pages, string workDirectory)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (apt-get install chromium).");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("button[type=submit]");
        try
        {
            await page.WaitForURLAsync(address.ToString());
            await page.WaitForSelectorAsync(".ops-page[data-interactive=true]");
        }
        catch (TimeoutException)
        {
            // What the operator would have seen, for whoever reads the failed run.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(workDirectory, "operator-page.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(workDirectory, "operator-page.html"), await page.ContentAsync());
            throw;
        }
        return new OperatorPage(playwright, browser, page, pages);
    }

    /// <summary>Loads the next page until it is interactive, <paramref name="interval"/> apart, until the time is up.</summary>
    public async Task RunAsync(TimeSpan duration, TimeSpan interval, StreamStats stats, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; Stopwatch.GetElapsedTime(start) < duration && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = start + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            if (Stopwatch.GetElapsedTime(start) >= duration)
            {
                break;
            }
            await LoadOnceAsync(stats);
        }
    }

    private async Task LoadOnceAsync(StreamStats stats)
    {
        var path = _pages[_next++ % _pages.Count];
        stats.Started();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
            if (response is { Ok: false })
            {
                stats.Failed($"HTTP {response.Status} {path}");
                return;
            }
            await _page.WaitForSelectorAsync(".ops-page[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            stats.Succeeded(Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            stats.Failed($"{e.GetType().Name} on {path}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
