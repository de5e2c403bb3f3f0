namespace OpsConsole.Access;

/// <summary>The console's roles. A Manager sees everything an Operator sees; an Admin manages the console itself.</summary>
public static class Roles
{
    public const string Operator = nameof(Operator);
    public const string SupportAgent = nameof(SupportAgent);
    public const string Manager = nameof(Manager);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Operator, SupportAgent, Manager, Admin];

    /// <summary>Who may open the analytics dashboards.</summary>
    public const string Analysts = $"{Operator},{Manager},{Admin}";

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.OrdinalIgnoreCase);

    public static string Normalize(string role) =>
        All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown role '{role}'. Known roles: {string.Join(", ", All)}.", nameof(role));
}
