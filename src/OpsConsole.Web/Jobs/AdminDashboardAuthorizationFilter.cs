using Hangfire.Dashboard;
using OpsConsole.Access;

namespace OpsConsole.Web.Jobs;

/// <summary>
/// The jobs dashboard can delete and re-run jobs, so only Admins see it. Anonymous callers never get here: the
/// fallback policy sends them to sign in first. Hangfire answers a refused signed-in user with 403.
/// </summary>
public sealed class AdminDashboardAuthorizationFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin);
    }
}
