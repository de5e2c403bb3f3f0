using System.Text.RegularExpressions;

namespace OpsConsole.Support;

/// <summary>What a canned response's variables stand for on one ticket; null where the ticket does not know it.</summary>
public sealed record TemplateValues(string? LearnerName = null, string? CourseTitle = null, string? OrderId = null, string? AgentName = null);

/// <summary>A template filled in: the text and the variables that had no value and so are still in it.</summary>
public sealed record RenderedTemplate(string Text, IReadOnlyList<string> Missing)
{
    public bool IsComplete => Missing.Count == 0;
}

/// <summary>
/// Fills <c>{{variable}}</c> slots in canned responses. A variable without a value keeps its <c>{{…}}</c> token in
/// the text: an agent sees at a glance what still has to be typed in, and a blank where a name belongs cannot slip
/// out unnoticed to a learner. <see cref="RenderedTemplate.Missing"/> lists them so the desk can warn before sending.
/// </summary>
public static partial class CannedResponseRenderer
{
    public const string LearnerName = "learner.name";
    public const string CourseTitle = "course.title";
    public const string OrderId = "order.id";
    public const string AgentName = "agent.name";

    /// <summary>Every variable a template may use.</summary>
    public static IReadOnlyList<string> Variables { get; } = [LearnerName, CourseTitle, OrderId, AgentName];

    /// <summary>Unknown variables and unclosed <c>{{</c>, as sentences naming each; empty when the template can be saved.</summary>
    public static IReadOnlyList<string> Check(string? template)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(template))
        {
            return problems;
        }
        foreach (Match slot in Slot().Matches(template))
        {
            var name = Name(slot);
            if (!Variables.Contains(name, StringComparer.Ordinal))
            {
                problems.Add($"unknown variable {slot.Value}: use {string.Join(", ", Variables.Select(v => "{{" + v + "}}"))}");
            }
        }
        // What is left once every well-formed slot is gone must not open another one.
        if (Slot().Replace(template, "").Contains("{{", StringComparison.Ordinal))
        {
            problems.Add("a {{ is never closed with }}");
        }
        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    public static RenderedTemplate Render(string template, TemplateValues values)
    {
        var missing = new List<string>();
        var text = Slot().Replace(template, slot =>
        {
            var name = Name(slot);
            var value = name switch
            {
                LearnerName => values.LearnerName,
                CourseTitle => values.CourseTitle,
                OrderId => values.OrderId,
                AgentName => values.AgentName,
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(value))
            {
                if (!missing.Contains(name))
                {
                    missing.Add(name);
                }
                return "{{" + name + "}}";
            }
            return value.Trim();
        });
        return new RenderedTemplate(text, missing);
    }

    private static string Name(Match slot) => slot.Groups[1].Value.Trim().ToLowerInvariant();

    [GeneratedRegex(@"\{\{([^{}]*)\}\}")]
    private static partial Regex Slot();
}
