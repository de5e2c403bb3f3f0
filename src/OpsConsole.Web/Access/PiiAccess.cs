using System.Security.Claims;
using OpsConsole.Access;

namespace OpsConsole.Web.Access;

/// <summary>
/// Who may see learners' personal data unmasked: support agents (they answer the learner), managers and admins.
/// Operators work on aggregates and see masked values.
/// </summary>
public static class PiiAccess
{
    public static bool MayReveal(ClaimsPrincipal user) =>
        user.IsInRole(Roles.SupportAgent) || user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Admin);
}
