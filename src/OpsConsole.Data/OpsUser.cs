using Microsoft.AspNetCore.Identity;

namespace OpsConsole.Data;

/// <summary>A person who signs in to the console (staff, not a learner).</summary>
public sealed class OpsUser : IdentityUser
{
    public string? DisplayName { get; set; }
    /// <summary>UI culture chosen by the user, e.g. "en" or "zh-Hans".</summary>
    public string? Culture { get; set; }
    public bool DarkMode { get; set; }
}
