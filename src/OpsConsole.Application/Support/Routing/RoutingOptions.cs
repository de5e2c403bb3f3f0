using System.ComponentModel.DataAnnotations;

namespace OpsConsole.Support;

/// <summary>How tickets are routed (section <c>Support:Routing</c>).</summary>
public sealed class RoutingOptions
{
    public const string Section = "Support:Routing";

    /// <summary>A ticket no skilled agent has taken after this many minutes moves to the general queue.</summary>
    [Range(1, 7 * 24 * 60)]
    public int FallbackAfterMinutes { get; set; } = 15;

    public TimeSpan FallbackAfter => TimeSpan.FromMinutes(FallbackAfterMinutes);
}
