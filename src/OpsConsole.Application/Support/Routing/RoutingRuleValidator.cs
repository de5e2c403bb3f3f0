using System.Globalization;
using System.Text.RegularExpressions;
using OpsConsole.Profiles;

namespace OpsConsole.Support;

/// <summary>Checks rules before they are saved or used, and names every part that is wrong.</summary>
public static partial class RoutingRuleValidator
{
    public const int MaxRules = 200;
    public const int MaxConditions = 20;
    public const int MaxValues = 50;
    public const int MaxNameLength = 100;
    public const int MaxTagLength = 40;
    public const int MaxTextLength = 64;
    public const decimal MaxSpend = 1_000_000_000_000m;

    public static IReadOnlyList<RuleError> Validate(RoutingRuleSet set) => Validate(set.Rules);

    public static IReadOnlyList<RuleError> Validate(IReadOnlyList<RoutingRule>? rules)
    {
        var errors = new List<RuleError>();
        if (rules is null)
        {
            errors.Add(new RuleError("rules", "is required (a list, which may be empty)"));
            return errors;
        }
        if (rules.Count > MaxRules)
        {
            errors.Add(new RuleError("rules", $"at most {MaxRules} rules"));
        }
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rules.Count; i++)
        {
            var at = $"rules[{i}]";
            if (rules[i] is not { } rule)
            {
                errors.Add(new RuleError(at, "is empty"));
                continue;
            }
            if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > MaxNameLength)
            {
                errors.Add(new RuleError($"{at}.name", $"is required (1 to {MaxNameLength} characters)"));
            }
            else if (!names.TryAdd(rule.Name.Trim(), i))
            {
                errors.Add(new RuleError($"{at}.name", $"'{rule.Name}' is already the name of rules[{names[rule.Name.Trim()]}]"));
            }
            CheckConditions(rule.Conditions, $"{at}.conditions", errors);
            CheckAction(rule.Action, $"{at}.action", errors);
        }
        return errors;
    }

    private static void CheckConditions(IReadOnlyList<RuleCondition>? conditions, string at, List<RuleError> errors)
    {
        if (conditions is null)
        {
            errors.Add(new RuleError(at, "is required (an empty list matches every ticket)"));
            return;
        }
        if (conditions.Count > MaxConditions)
        {
            errors.Add(new RuleError(at, $"at most {MaxConditions} conditions per rule"));
        }
        for (var j = 0; j < conditions.Count; j++)
        {
            if (conditions[j] is { } condition)
            {
                Check(condition, $"{at}[{j}]", errors);
            }
            else
            {
                errors.Add(new RuleError($"{at}[{j}]", "is empty"));
            }
        }
    }

    private static void Check(RuleCondition c, string at, List<RuleError> errors)
    {
        if (!Enum.IsDefined(c.Field))
        {
            errors.Add(new RuleError($"{at}.field", $"must be one of {RuleJsonErrors.Names<RuleField>()}"));
            return;
        }
        if (!Enum.IsDefined(c.Operator))
        {
            errors.Add(new RuleError($"{at}.operator", $"must be one of {RuleJsonErrors.Names<RuleOperator>()}"));
            return;
        }
        var ordered = c.Field is RuleField.Sentiment or RuleField.Urgency or RuleField.LifetimeSpend or RuleField.Priority;
        var comparing = c.Operator is RuleOperator.AtLeast or RuleOperator.AtMost;
        var field = Camel(c.Field.ToString());
        if (comparing && !ordered)
        {
            errors.Add(new RuleError($"{at}.operator", $"'{Camel(c.Operator.ToString())}' does not apply to {field} (use is or isNot)"));
            return;
        }
        if (!comparing && c.Field is RuleField.Sentiment or RuleField.LifetimeSpend)
        {
            errors.Add(new RuleError($"{at}.operator", $"'{Camel(c.Operator.ToString())}' does not apply to {field} (use atLeast or atMost)"));
            return;
        }
        var value = $"{at}.value";
        switch (c.Field)
        {
            case RuleField.Sentiment:
                Number(c.Value, value, -1, 1, errors);
                break;
            case RuleField.LifetimeSpend:
                Number(c.Value, value, 0, MaxSpend, errors);
                break;
            case RuleField.Priority or RuleField.Urgency:
                Names<TicketPriority>(c.Value, value, single: comparing, errors);
                break;
            case RuleField.Membership:
                Names<MembershipState>(c.Value, value, single: false, errors);
                break;
            case RuleField.Lifecycle:
                Names<LifecycleStage>(c.Value, value, single: false, errors);
                break;
            case RuleField.Rfm:
                Names<RfmSegment>(c.Value, value, single: false, errors);
                break;
            case RuleField.Language:
                Texts(c.Value, value, errors, t => LanguagePattern().IsMatch(t) ? null : $"'{t}' is not a language tag such as en or zh-CN");
                break;
            case RuleField.Tag:
                Texts(c.Value, value, errors, TagProblem);
                break;
            default:
                Texts(c.Value, value, errors, t => t.Length <= MaxTextLength && !string.IsNullOrWhiteSpace(t)
                    ? null
                    : $"must be 1 to {MaxTextLength} characters");
                break;
        }
    }

    private static void CheckAction(RuleAction? action, string at, List<RuleError> errors)
    {
        if (action is null || (action.RouteTo is null && action.SetPriority is null && action.AddTags is not { Count: > 0 }))
        {
            errors.Add(new RuleError(at, "must route to a tag, set a priority or add a tag"));
            return;
        }
        if (action.RouteTo is not null && TagProblem(action.RouteTo) is { } routeProblem)
        {
            errors.Add(new RuleError($"{at}.routeTo", routeProblem));
        }
        if (action.SetPriority is { } priority && !Enum.IsDefined(priority))
        {
            errors.Add(new RuleError($"{at}.setPriority", $"must be one of {RuleJsonErrors.Names<TicketPriority>()}"));
        }
        for (var k = 0; k < (action.AddTags?.Count ?? 0); k++)
        {
            if (TagProblem(action.AddTags![k]) is { } tagProblem)
            {
                errors.Add(new RuleError($"{at}.addTags[{k}]", tagProblem));
            }
        }
    }

    private static string? TagProblem(string? tag) =>
        tag is not null && TagPattern().IsMatch(tag)
            ? null
            : $"'{tag}' is not a tag (1 to {MaxTagLength} letters, digits, '-', '_', '.' or ':', starting with a letter or digit)";

    private static void Number(RuleValue? value, string at, decimal min, decimal max, List<RuleError> errors)
    {
        if (value?.Number is not { } n || n < min || n > max)
        {
            errors.Add(new RuleError(at, $"must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    private static void Names<T>(RuleValue? value, string at, bool single, List<RuleError> errors) where T : struct, Enum
    {
        if (value?.Texts is not { Count: > 0 })
        {
            errors.Add(new RuleError(at, $"must be one of {RuleJsonErrors.Names<T>()}{(single ? "" : ", or a list of them")}"));
            return;
        }
        if (single && value?.Texts is { Count: > 1 })
        {
            errors.Add(new RuleError(at, $"give one of {RuleJsonErrors.Names<T>()} to compare with, not a list"));
            return;
        }
        Texts(value, at, errors, t => Enum.TryParse<T>(t, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !t.Any(char.IsDigit)
            ? null
            : $"'{t}' is not one of {RuleJsonErrors.Names<T>()}");
    }

    private static void Texts(RuleValue? value, string at, List<RuleError> errors, Func<string, string?> problem)
    {
        if (value?.Texts is not { Count: > 0 } texts)
        {
            errors.Add(new RuleError(at, "must be a text or a list of texts"));
            return;
        }
        if (texts.Count > MaxValues)
        {
            errors.Add(new RuleError(at, $"at most {MaxValues} values"));
            return;
        }
        for (var k = 0; k < texts.Count; k++)
        {
            if (problem(texts[k] ?? "") is { } message)
            {
                errors.Add(new RuleError(texts.Count == 1 ? at : $"{at}[{k}]", message));
            }
        }
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    [GeneratedRegex(@"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}_\-.:]{0,39}$")]
    private static partial Regex TagPattern();
}
