using System.Security.Claims;
using OpsConsole.Access;
using OpsConsole.Support;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Support;

/// <summary>The signed-in console user as the desk knows them: their agent id is their sign-in e-mail in lower case.</summary>
public static class DeskUser
{
    public static string AgentId(ClaimsPrincipal user) =>
        (user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "").ToLowerInvariant();

    public static Actor Actor(ClaimsPrincipal user)
    {
        var id = AgentId(user);
        return new Actor(id, user.FindFirstValue(ConsoleClaimsPrincipalFactory.DisplayNameClaim) ?? user.Identity?.Name ?? id);
    }

    public static bool IsManager(ClaimsPrincipal user) => user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Admin);
}
