namespace OpsConsole.Support;

/// <summary>Whether a rule's conditions hold for a ticket. Unknown facts, and values validation would refuse, never match.</summary>
internal static class RuleEvaluator
{
    public static bool Matches(RoutingRule rule, TicketFacts ticket) =>
        rule.Enabled && (rule.Conditions ?? []).All(c => c is not null && Holds(c, ticket));

    public static bool Holds(RuleCondition c, TicketFacts t) => c.Field switch
    {
        RuleField.Intent => Text(t.Intent, c, string.Equals),
        RuleField.Language => Text(t.Language, c, (wanted, fact, _) => LanguageTags.Covers(wanted, fact)),
        RuleField.Channel => Text(t.Channel, c, string.Equals),
        RuleField.Tag => Tags(t.TagList, c),
        RuleField.Priority => Ordered(t.Priority, c),
        RuleField.Membership => Named(t.Learner?.Membership, c),
        RuleField.Lifecycle => Named(t.Learner?.Lifecycle, c),
        RuleField.Rfm => Named(t.Learner?.Rfm, c),
        RuleField.Sentiment => Number(Decimal(t.Sentiment), c),
        RuleField.Urgency => t.Urgency is { } urgency && Ordered(urgency, c),
        RuleField.LifetimeSpend => Number(t.Learner?.LifetimeSpend, c),
        _ => false,
    };

    private static decimal? Decimal(double? score) => score is { } s && double.IsFinite(s) ? (decimal)Math.Clamp(s, -1e9, 1e9) : null;

    private static bool Text(string? fact, RuleCondition c, Func<string, string, StringComparison, bool> equal)
    {
        if (fact is null || c.Value?.Texts is not { Count: > 0 } wanted)
        {
            return false;
        }
        var any = wanted.Any(w => w is not null && equal(w, fact, StringComparison.OrdinalIgnoreCase));
        return c.Operator switch
        {
            RuleOperator.Is => any,
            RuleOperator.IsNot => !any,
            _ => false,
        };
    }

    private static bool Tags(IReadOnlyList<string> tags, RuleCondition c)
    {
        if (c.Value?.Texts is not { Count: > 0 } wanted)
        {
            return false;
        }
        var any = tags.Any(t => wanted.Contains(t, StringComparer.OrdinalIgnoreCase));
        return c.Operator switch
        {
            RuleOperator.Is => any,
            RuleOperator.IsNot => !any,
            _ => false,
        };
    }

    private static bool Named<T>(T? fact, RuleCondition c) where T : struct, Enum
    {
        if (fact is not { } value || c.Value?.Texts is not { Count: > 0 } wanted)
        {
            return false;
        }
        var any = wanted.Any(w => Enum.TryParse<T>(w, ignoreCase: true, out var parsed) && parsed.Equals(value));
        return c.Operator switch
        {
            RuleOperator.Is => any,
            RuleOperator.IsNot => !any,
            _ => false,
        };
    }

    private static bool Ordered(TicketPriority fact, RuleCondition c)
    {
        if (c.Operator is RuleOperator.Is or RuleOperator.IsNot)
        {
            return Named<TicketPriority>(fact, c);
        }
        if (c.Value?.Texts is not [var name] || !Enum.TryParse<TicketPriority>(name, ignoreCase: true, out var bound))
        {
            return false;
        }
        return c.Operator == RuleOperator.AtLeast ? fact >= bound : fact <= bound;
    }

    private static bool Number(decimal? fact, RuleCondition c) =>
        fact is { } value && c.Value?.Number is { } bound && c.Operator switch
        {
            RuleOperator.AtLeast => value >= bound,
            RuleOperator.AtMost => value <= bound,
            _ => false,
        };
}
