namespace OpsConsole.Learners;

/// <summary>
/// How personal data looks to someone who may not see it: enough to tell two learners apart on a list
/// ("w***@example.com", "张*", "*******5678"), not enough to contact them.
/// </summary>
public static class PiiMask
{
    public static string? Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return email;
        }
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? new string('*', Math.Min(8, email.Length)) : email[..1] + "***" + email[at..];
    }

    public static string? Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name;
        }
        return string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => part[..1] + new string('*', Math.Clamp(part.Length - 1, 1, 3))));
    }

    public static string? Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return phone;
        }
        var digits = phone.Count(char.IsDigit);
        return digits <= 4 ? new string('*', phone.Length) : new string('*', phone.Length - 4) + phone[^4..];
    }
}
