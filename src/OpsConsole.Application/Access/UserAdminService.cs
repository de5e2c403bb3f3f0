using Microsoft.AspNetCore.Identity;

namespace OpsConsole.Access;

/// <summary>Console users and their roles, shared by the admin UI, the CLI and demo seeding.</summary>
public sealed class UserAdminService(UserManager<Data.OpsUser> users, RoleManager<IdentityRole> roles)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }
    }

    public async Task<Data.OpsUser> CreateAsync(string email, string role, string password, string? displayName = null)
    {
        var normalizedRole = Roles.Normalize(role);
        await EnsureRolesAsync();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new InvalidOperationException($"A user with the email {email} already exists.");
        }
        var user = new Data.OpsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? email };
        Check(await users.CreateAsync(user, password), $"user {email}");
        Check(await users.AddToRoleAsync(user, normalizedRole), $"role of {email}");
        return user;
    }

    public async Task<IReadOnlyList<(Data.OpsUser User, IList<string> Roles)>> ListAsync()
    {
        var result = new List<(Data.OpsUser, IList<string>)>();
        foreach (var user in users.Users.OrderBy(u => u.Email).ToList())
        {
            result.Add((user, await users.GetRolesAsync(user)));
        }
        return result;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
