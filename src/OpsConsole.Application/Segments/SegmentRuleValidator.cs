using OpsConsole.Ingestion;
using OpsConsole.Profiles;

namespace OpsConsole.Segments;

/// <summary>Checks a definition before it is counted or saved, and names the first part that is wrong.</summary>
public static class SegmentRuleValidator
{
    public const int MaxDepth = 3;
    public const int MaxConditions = 50;

    public static void Validate(SegmentRule rule)
    {
        var total = 0;
        Validate(rule, "", 1, ref total);
    }

    private static void Validate(SegmentRule rule, string path, int depth, ref int total)
    {
        if (depth > MaxDepth)
        {
            throw new SegmentRuleException(path.TrimEnd('.'), $"groups may be nested at most {MaxDepth} deep");
        }
        if (!Enum.IsDefined(rule.Match))
        {
            throw new SegmentRuleException($"{path}match", "must be all or any");
        }
        for (var i = 0; i < rule.Conditions.Count; i++)
        {
            if (++total > MaxConditions)
            {
                throw new SegmentRuleException($"{path}conditions", $"a segment may have at most {MaxConditions} conditions");
            }
            Check(rule.Conditions[i], $"{path}conditions[{i}]");
        }
        for (var g = 0; g < rule.Groups.Count; g++)
        {
            Validate(rule.Groups[g], $"{path}groups[{g}].", depth + 1, ref total);
        }
    }

    private static void Check(SegmentCondition c, string at)
    {
        if (!Enum.IsDefined(c.Compare))
        {
            throw new SegmentRuleException($"{at}.compare", "must be atLeast or atMost");
        }
        switch (c.Kind)
        {
            case ConditionKind.Lifecycle:
                RequireEnum<LifecycleStage>(c.Value, at);
                break;
            case ConditionKind.Rfm:
                RequireEnum<RfmSegment>(c.Value, at);
                break;
            case ConditionKind.Membership:
                RequireEnum<MembershipState>(c.Value, at);
                break;
            case ConditionKind.Channel:
                RequireText(c.Value, at, 32);
                break;
            case ConditionKind.Persona:
                RequireNumber(c.Number, at, 1, 100, whole: true);
                break;
            case ConditionKind.NetSpend:
                RequireNumber(c.Number, at, 0, 1e9);
                break;
            case ConditionKind.Orders or ConditionKind.ActiveDays30:
                RequireNumber(c.Number, at, 0, c.Kind == ConditionKind.ActiveDays30 ? 30 : 1e6, whole: true);
                break;
            case ConditionKind.Interest:
                RequireText(c.Value, at, LearnerInterest.TagMaxLength);
                RequireNumber(c.Number, at, 0, 1);
                break;
            case ConditionKind.DidEvent:
                RequireEventType(c.Value, at);
                if (c.Count is not (>= 1 and <= 100_000))
                {
                    throw new SegmentRuleException($"{at}.count", "must be a whole number from 1 to 100000");
                }
                RequireDays(c.Days, at);
                break;
            case ConditionKind.DidNotEvent:
                RequireEventType(c.Value, at);
                if (c.Days is null == c.Since is null)
                {
                    throw new SegmentRuleException($"{at}.days", "give either days (in the last d days) or since (a date), not both");
                }
                if (c.Days is not null)
                {
                    RequireDays(c.Days, at);
                }
                break;
            default:
                throw new SegmentRuleException($"{at}.kind", "is not a known condition");
        }
    }

    private static void RequireEnum<T>(string? value, string at) where T : struct, Enum
    {
        if (!Enum.TryParse<T>(value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            throw new SegmentRuleException($"{at}.value", $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
        }
    }

    private static void RequireText(string? value, string at, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            throw new SegmentRuleException($"{at}.value", $"is required (1 to {max} characters)");
        }
    }

    private static void RequireNumber(double? value, string at, double min, double max, bool whole = false)
    {
        if (value is not { } v || double.IsNaN(v) || v < min || v > max || (whole && v != Math.Floor(v)))
        {
            throw new SegmentRuleException($"{at}.number", $"must be {(whole ? "a whole number" : "a number")} from {min} to {max}");
        }
    }

    private static void RequireEventType(string? value, string at)
    {
        if (!EventTypes.TryParse(value, out _))
        {
            throw new SegmentRuleException($"{at}.value", $"'{value}' is not an event type ({string.Join(", ", EventTypes.Names)})");
        }
    }

    private static void RequireDays(int? days, string at)
    {
        if (days is not (>= 1 and <= 3650))
        {
            throw new SegmentRuleException($"{at}.days", "must be a whole number of days from 1 to 3650");
        }
    }
}
