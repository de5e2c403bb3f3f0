using OpsConsole.Access;

namespace OpsConsole.Web.Components.Admin;

/// <summary>The scopes an admin can grant, in the order the dialog offers them.</summary>
public static class ApiKeyScopes
{
    public static IReadOnlyList<ApiScopes> Grantable { get; } = [.. Enum.GetValues<ApiScopes>().Where(s => s != ApiScopes.None)];

    public static IEnumerable<ApiScopes> Of(ApiScopes scopes) => Grantable.Where(s => scopes.HasFlag(s));

    public static ApiScopes Combine(IEnumerable<ApiScopes> scopes) => scopes.Aggregate(ApiScopes.None, (all, s) => all | s);
}
