using System.Linq.Expressions;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Profiles;

namespace OpsConsole.Segments;

/// <summary>
/// Turns a rule into one predicate over learners that EF translates to SQL: profile conditions become EXISTS
/// over the profile row, behaviour conditions become IN over the events of the time window (grouped and
/// counted in the database), so a segment is counted without loading anyone into memory.
/// </summary>
public static class SegmentCompiler
{
    /// <param name="onlyLearnerId">
    /// When set, the predicate is only ever applied to this learner, so behaviour conditions read that learner's events
    /// alone (an index seek) instead of grouping everyone's events of the window.
    /// </param>
    public static Expression<Func<Learner, bool>> Compile(OpsDbContext db, SegmentRule rule, DateTime utcNow, Func<DateOnly, DateTime> startOfDayUtc, string? onlyLearnerId = null)
    {
        SegmentRuleValidator.Validate(rule);
        var learner = Expression.Parameter(typeof(Learner), "l");
        var events = onlyLearnerId is null ? db.Events : db.Events.Where(e => e.LearnerId == onlyLearnerId);
        return Expression.Lambda<Func<Learner, bool>>(Group(db, events, rule, utcNow, startOfDayUtc, learner), learner);
    }

    private static Expression Group(OpsDbContext db, IQueryable<BehaviorEvent> events, SegmentRule rule, DateTime now, Func<DateOnly, DateTime> startOfDay, ParameterExpression learner)
    {
        var parts = rule.Conditions.Select(c => Inline(Condition(db, events, c, now, startOfDay), learner))
            .Concat(rule.Groups.Where(g => !g.IsEmpty).Select(g => Group(db, events, g, now, startOfDay, learner)))
            .ToList();
        if (parts.Count == 0)
        {
            // An empty group matches everyone, so an empty definition is "all learners".
            return Expression.Constant(true);
        }
        return parts.Aggregate((a, b) => rule.Match == Match.All ? Expression.AndAlso(a, b) : Expression.OrElse(a, b));
    }

    private static Expression<Func<Learner, bool>> Condition(OpsDbContext db, IQueryable<BehaviorEvent> events, SegmentCondition c, DateTime now, Func<DateOnly, DateTime> startOfDay)
    {
        var profiles = db.Profiles;
        switch (c.Kind)
        {
            case ConditionKind.Lifecycle:
                var stage = Enum.Parse<LifecycleStage>(c.Value!, true);
                return l => profiles.Any(p => p.LearnerId == l.Id && p.Lifecycle == stage);
            case ConditionKind.Rfm:
                var rfm = Enum.Parse<RfmSegment>(c.Value!, true);
                return l => profiles.Any(p => p.LearnerId == l.Id && p.RfmSegment == rfm);
            case ConditionKind.Membership:
                var state = Enum.Parse<MembershipState>(c.Value!, true);
                // A learner without a profile yet has no membership on record.
                return state == MembershipState.None
                    ? l => !profiles.Any(p => p.LearnerId == l.Id && p.Membership != MembershipState.None)
                    : l => profiles.Any(p => p.LearnerId == l.Id && p.Membership == state);
            case ConditionKind.Channel:
                var channel = c.Value!.Trim();
                return l => l.Channel == channel;
            case ConditionKind.Persona:
                var persona = (int)c.Number!.Value;
                return l => profiles.Any(p => p.LearnerId == l.Id && p.PersonaId == persona);
            case ConditionKind.NetSpend:
                var spend = (decimal)c.Number!.Value;
                return c.Compare == Comparison.AtLeast
                    ? l => profiles.Any(p => p.LearnerId == l.Id && p.NetSpend >= spend)
                    : l => !profiles.Any(p => p.LearnerId == l.Id && p.NetSpend > spend);
            case ConditionKind.Orders:
                var orders = (int)c.Number!.Value;
                return c.Compare == Comparison.AtLeast
                    ? l => profiles.Any(p => p.LearnerId == l.Id && p.Orders >= orders)
                    : l => !profiles.Any(p => p.LearnerId == l.Id && p.Orders > orders);
            case ConditionKind.ActiveDays30:
                var days = (int)c.Number!.Value;
                return c.Compare == Comparison.AtLeast
                    ? l => profiles.Any(p => p.LearnerId == l.Id && p.ActiveDays30 >= days)
                    : l => !profiles.Any(p => p.LearnerId == l.Id && p.ActiveDays30 > days);
            case ConditionKind.Interest:
                var tag = c.Value!.Trim().ToLowerInvariant();
                var weight = c.Number!.Value;
                return l => db.Interests.Any(i => i.LearnerId == l.Id && i.Tag == tag && i.Weight >= weight);
            case ConditionKind.DidEvent:
            {
                EventTypes.TryParse(c.Value, out var type);
                var since = now.AddDays(-c.Days!.Value);
                var count = c.Count!.Value;
                var doers = events.Where(e => e.Type == type && e.OccurredAt >= since && e.OccurredAt <= now)
                    .GroupBy(e => e.LearnerId).Where(g => g.Count() >= count).Select(g => g.Key);
                return l => doers.Contains(l.Id);
            }
            case ConditionKind.DidNotEvent:
            {
                EventTypes.TryParse(c.Value, out var type);
                var since = c.Since is { } day ? startOfDay(day) : now.AddDays(-c.Days!.Value);
                var doers = events.Where(e => e.Type == type && e.OccurredAt >= since).Select(e => e.LearnerId);
                return l => !doers.Contains(l.Id);
            }
            default:
                throw new SegmentRuleException("kind", $"'{c.Kind}' is not a known condition");
        }
    }

    /// <summary>The condition's body with its parameter replaced by the shared learner parameter.</summary>
    private static Expression Inline(Expression<Func<Learner, bool>> condition, ParameterExpression learner) =>
        new Rebind(condition.Parameters[0], learner).Visit(condition.Body);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
