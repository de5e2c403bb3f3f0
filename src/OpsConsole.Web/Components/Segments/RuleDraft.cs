using OpsConsole.Segments;

namespace OpsConsole.Web.Components.Segments;

/// <summary>The builder's editable copy of a <see cref="SegmentRule"/>; converted back to the immutable rule to count or save.</summary>
public sealed class RuleDraft
{
    public Match Match { get; set; } = Match.All;
    public List<ConditionDraft> Conditions { get; } = [];
    public List<RuleDraft> Groups { get; } = [];

    public static RuleDraft From(SegmentRule rule)
    {
        var draft = new RuleDraft { Match = rule.Match };
        draft.Conditions.AddRange(rule.Conditions.Select(ConditionDraft.From));
        draft.Groups.AddRange(rule.Groups.Select(From));
        return draft;
    }

    public SegmentRule ToRule() => new(Match, [.. Conditions.Select(c => c.ToCondition())], [.. Groups.Select(g => g.ToRule())]);
}

public sealed class ConditionDraft
{
    public ConditionKind Kind { get; set; } = ConditionKind.Lifecycle;
    public string? Value { get; set; }
    public double? Number { get; set; }
    public Comparison Compare { get; set; }
    public int? Count { get; set; }
    public int? Days { get; set; }
    public DateTime? Since { get; set; }

    /// <summary>Starting values that make a fresh condition of each kind valid, so the live count works at once.</summary>
    public static ConditionDraft For(ConditionKind kind) => kind switch
    {
        ConditionKind.Lifecycle => new() { Kind = kind, Value = "AtRisk" },
        ConditionKind.Rfm => new() { Kind = kind, Value = "Champions" },
        ConditionKind.Membership => new() { Kind = kind, Value = "Active" },
        ConditionKind.Channel => new() { Kind = kind },
        ConditionKind.Persona => new() { Kind = kind, Number = 1 },
        ConditionKind.NetSpend => new() { Kind = kind, Number = 100 },
        ConditionKind.Orders => new() { Kind = kind, Number = 1 },
        ConditionKind.ActiveDays30 => new() { Kind = kind, Number = 5 },
        ConditionKind.Interest => new() { Kind = kind, Number = 0.2 },
        ConditionKind.DidEvent => new() { Kind = kind, Value = "purchase", Count = 1, Days = 30 },
        ConditionKind.DidNotEvent => new() { Kind = kind, Value = "login", Days = 14 },
        _ => new() { Kind = kind },
    };

    public static ConditionDraft From(SegmentCondition c) => new()
    {
        Kind = c.Kind, Value = c.Value, Number = c.Number, Compare = c.Compare, Count = c.Count, Days = c.Days,
        Since = c.Since?.ToDateTime(TimeOnly.MinValue),
    };

    public SegmentCondition ToCondition() => new(Kind, Value, Number, Compare, Count,
        Kind == ConditionKind.DidNotEvent && Since is not null ? null : Days,
        Since is { } since && Kind == ConditionKind.DidNotEvent ? DateOnly.FromDateTime(since) : null);
}
