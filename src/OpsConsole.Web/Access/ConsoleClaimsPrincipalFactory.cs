using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpsConsole.Data;

namespace OpsConsole.Web.Access;

/// <summary>Puts the user's display name into the sign-in cookie, so the console shows it without a database read per circuit.</summary>
public sealed class ConsoleClaimsPrincipalFactory(UserManager<OpsUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<OpsUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(OpsUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        }
        return identity;
    }
}
