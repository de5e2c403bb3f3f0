using System.Diagnostics;

namespace OpsConsole.IntegrationTests.Infrastructure;

/// <summary>
/// Installs a Debian package the tests need (a browser, a Redis server) when its program is missing, so a fresh machine
/// runs the suite with the one README command. One install at a time: apt holds a machine-wide lock.
/// </summary>
public static class DebianPackages
{
    private static readonly SemaphoreSlim Apt = new(1, 1);

    /// <summary>The program's path, installing <paramref name="package"/> first when no candidate exists; null when it cannot be had.</summary>
    public static async Task<string?> EnsureAsync(string package, params string[] candidates)
    {
        if (Find(candidates) is { } found)
        {
            return found;
        }
        if (Environment.UserName != "root")
        {
            return null;
        }
        await Apt.WaitAsync();
        try
        {
            if (Find(candidates) is null)
            {
                await RunAsync("apt-get", "update", "-qq");
                await RunAsync("apt-get", "install", "-y", "-qq", package);
            }
        }
        finally
        {
            Apt.Release();
        }
        return Find(candidates);
    }

    /// <summary>A program given by full path, or by name looked up on PATH (and the usual Debian directories).</summary>
    private static string? Find(string[] candidates) => candidates
        .SelectMany(c => Path.IsPathRooted(c)
            ? [c]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/sbin").Select(dir => Path.Combine(dir, c)))
        .FirstOrDefault(File.Exists);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await error}{await output}");
        }
    }
}
