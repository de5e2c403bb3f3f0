using System.Globalization;
using Microsoft.Extensions.Localization;
using OpsConsole.Support;

namespace OpsConsole.Web.Components.Support.Desk;

/// <summary>How the desk pages name and colour statuses, priorities, intents, confidences, SLA states and durations.</summary>
public static class DeskFormat
{
    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static string StatusClass(TicketStatus status) => "ops-chip ops-chip--status-" + Lower(status);

    public static string PriorityClass(TicketPriority priority) => "ops-chip ops-chip--priority-" + Lower(priority);

    /// <summary>An intent code as people read it: <c>refund_request</c> → "refund request".</summary>
    public static string Intent(string? code) => string.IsNullOrEmpty(code) ? "—" : code.Replace('_', ' ');

    public static string Percent(double? share) => share is { } value ? value.ToString("P0", CultureInfo.CurrentCulture) : "—";

    /// <summary>High, medium or low confidence, for the colour of a reading.</summary>
    public static string ConfidenceLevel(double? confidence) => confidence switch
    {
        null => "none",
        >= 0.8 => "high",
        >= 0.5 => "medium",
        _ => "low",
    };

    /// <summary>Sentiment polarity (−1 … 1) in three words.</summary>
    public static string SentimentKey(double? polarity) => polarity switch
    {
        null => "Sentiment_Unknown",
        <= -0.3 => "Sentiment_Negative",
        >= 0.3 => "Sentiment_Positive",
        _ => "Sentiment_Neutral",
    };

    public static string SlaClass(SlaState? state) => "ops-sla ops-sla--" + (state is { } s ? Lower(s) : "none");

    /// <summary>Whole minutes, hours and days, as agents say them: "42 min", "2 h 5 min", "3 d 4 h".</summary>
    public static string Duration(TimeSpan span)
    {
        var zh = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        span = span.Duration();
        if (span < TimeSpan.FromMinutes(1))
        {
            return zh ? "不到 1 分钟" : "< 1 min";
        }
        var minutes = (long)span.TotalMinutes;
        var (days, hours, rest) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
        var (d, h, m) = zh ? ("天", "小时", "分钟") : ("d", "h", "min");
        return days > 0
            ? hours > 0 ? $"{days} {d} {hours} {h}" : $"{days} {d}"
            : hours > 0
                ? rest > 0 ? $"{hours} {h} {rest} {m}" : $"{hours} {h}"
                : $"{rest} {m}";
    }

    /// <summary>Up to two initials for an avatar.</summary>
    public static string Initials(string? name)
    {
        var parts = (name ?? "").Split([' ', '.', '@'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => "?",
            1 => parts[0][..1].ToUpperInvariant(),
            _ => (parts[0][..1] + parts[1][..1]).ToUpperInvariant(),
        };
    }

    public static string AgentStatusClass(AgentStatus status) => "ops-presence ops-presence--" + Lower(status);

    /// <summary>A language's name where the texts have one (en, zh), else its code.</summary>
    public static string Language(this IStringLocalizer<DeskText> texts, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return "—";
        }
        var name = texts[$"Language_{code}"];
        return name.ResourceNotFound ? code.ToUpperInvariant() : name.Value;
    }

    /// <summary>A channel's name where the texts have one (web, app, email …), else its code.</summary>
    public static string Channel(this IStringLocalizer<DeskText> texts, string code)
    {
        var name = texts[$"Channel_{code}"];
        return name.ResourceNotFound ? code : name.Value;
    }

    /// <summary>What made an assignment: the router on a new ticket, the dispatch sweep, a person's move or taking it.</summary>
    public static string Trigger(this IStringLocalizer<DeskText> texts, string trigger)
    {
        var name = texts[$"Trigger_{trigger}"];
        return name.ResourceNotFound ? trigger : name.Value;
    }
}
