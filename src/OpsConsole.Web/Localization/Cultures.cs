namespace OpsConsole.Web.Localization;

public static class Cultures
{
    public const string Default = "en";
    public static readonly IReadOnlyList<string> Supported = ["en", "zh-Hans"];
}
