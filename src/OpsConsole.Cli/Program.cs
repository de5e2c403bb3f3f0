namespace OpsConsole.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) => OpsCli.RunAsync(args);
}
