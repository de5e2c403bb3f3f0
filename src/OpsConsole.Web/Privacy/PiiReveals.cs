using System.Security.Claims;
using OpsConsole.Privacy;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Privacy;

/// <summary>The one way the console unmasks a learner's personal data on request: allowed roles only, and always audited.</summary>
public sealed class PiiReveals(AuditLog audit)
{
    public const string Fields = "name, email, phone";

    /// <summary>Records the reveal and answers true, or answers false (and records nothing) for a role that may not reveal.</summary>
    public async Task<bool> RevealAsync(ClaimsPrincipal user, string learnerId, CancellationToken cancellationToken = default)
    {
        if (!PiiAccess.MayReveal(user) || user.Identity?.Name is not { Length: > 0 } actor)
        {
            return false;
        }
        await audit.WriteAsync(actor, AuditActions.PiiReveal, learnerId, Fields, cancellationToken);
        return true;
    }
}
