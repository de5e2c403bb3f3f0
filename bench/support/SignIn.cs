using System.Net;
using System.Text.RegularExpressions;

namespace OpsConsole.Bench.Support;

/// <summary>The console's real cookie sign-in, as a browser does it: the sign-in page for its antiforgery token, then the form.</summary>
public static partial class SignIn
{
    /// <summary>Signs in at <paramref name="address"/>; the session cookie ends up in <paramref name="cookies"/>.</summary>
    public static async Task SignInAsync(Uri address, CookieContainer cookies, string email, string password)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true }) { BaseAddress = address };
        var page = await client.GetStringAsync("login");
        var token = AntiforgeryField().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        }
        using var response = await client.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = "/",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        // A failed sign-in goes back to the login page; a good one to the user's landing page (agents: the queue).
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString is not { } landing || landing.StartsWith("/login", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
