using OpsConsole.Access;

namespace OpsConsole.Demo;

public sealed record DemoAccount(string Email, string Role, string Password, string DisplayName);

/// <summary>
/// One console account per role, created only in demo mode. The passwords are public by design, which is why
/// these accounts are removed again whenever demo mode is off.
/// </summary>
public static class DemoAccounts
{
    public static readonly IReadOnlyList<DemoAccount> All =
    [
        new("operator@demo.local", Roles.Operator, "OperatorDemo2026", "Demo Operator"),
        new("support@demo.local", Roles.SupportAgent, "SupportDemo2026", "Demo Support Agent"),
        new("manager@demo.local", Roles.Manager, "ManagerDemo2026", "Demo Manager"),
        new("admin@demo.local", Roles.Admin, "AdminDemo2026", "Demo Admin"),
    ];
}
