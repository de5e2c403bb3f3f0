using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>
/// Which tickets get a knowledge-base article as their first reply, stored as JSON in <see cref="SupportSetting"/>
/// under <see cref="Key"/>: <c>{"enabled":true,"intents":["invoice"],"minConfidence":0.8}</c>.
/// </summary>
public sealed record AutoReplySettings(bool Enabled, IReadOnlyList<string> Intents, double MinConfidence = 0.8)
{
    public const string Key = "auto-reply";

    /// <summary>Until a manager turns it on, every ticket waits for a person.</summary>
    public static AutoReplySettings Off { get; } = new(false, [], 0.8);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    public string ToJson() => JsonSerializer.Serialize(this with { Intents = KnowledgeCodes.Split(KnowledgeCodes.Join(Intents)) }, Json);

    /// <summary>The stored settings; <see cref="Off"/> when the text is not settings at all, so a damaged row answers nothing automatically.</summary>
    public static AutoReplySettings Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Off;
        }
        try
        {
            return JsonSerializer.Deserialize<AutoReplySettings>(json, Json) is { } settings ? settings with { Intents = settings.Intents ?? [] } : Off;
        }
        catch (JsonException)
        {
            return Off;
        }
    }

    /// <summary>Every problem, naming the field (<c>intents</c>, <c>minConfidence</c>).</summary>
    public IReadOnlyList<KnowledgeFieldError> Validate()
    {
        var errors = new List<KnowledgeFieldError>();
        foreach (var intent in Intents ?? [])
        {
            if (!KnowledgeCodes.IsIntent(intent))
            {
                errors.Add(new("intents", $"'{intent}' is not a known intent ({string.Join(", ", KnowledgeCodes.Intents)})"));
            }
        }
        if (!(MinConfidence is >= 0 and <= 1))
        {
            errors.Add(new("minConfidence", "must be between 0 and 1"));
        }
        return errors;
    }
}

/// <summary>Why a ticket was or was not answered automatically.</summary>
public enum AutoReplyOutcome
{
    /// <summary>An article was chosen: send it.</summary>
    Answer,
    Disabled,
    /// <summary>The ticket has no intent reading.</summary>
    NoIntent,
    IntentNotAllowed,
    ConfidenceTooLow,
    /// <summary>The intent may be answered, but no published article in the ticket's language lists it.</summary>
    NoArticleInLanguage,
}

/// <summary>
/// The outcome of <see cref="AutoReplyPolicy.DecideAsync"/>: the article to send (null unless
/// <see cref="AutoReplyOutcome.Answer"/>) and a sentence saying why, for the ticket's audit trail.
/// </summary>
public sealed record AutoReplyDecision(AutoReplyOutcome Outcome, string Reason, IndexedArticle? Article = null, double Similarity = 0)
{
    public bool ShouldReply => Article is not null;
}

/// <summary>Automated first replies over a period: how many went out and how many needed no agent afterwards.</summary>
/// <param name="Tickets">Tickets created in the period.</param>
/// <param name="AutoReplied">Those that got an automated article.</param>
/// <param name="ResolvedAutomatically">Auto-replied tickets now resolved or closed without any agent reply.</param>
/// <param name="HumanRequested">Auto-replied tickets whose learner asked for a person.</param>
public sealed record AutoReplyStats(int Tickets, int AutoReplied, int ResolvedAutomatically, int HumanRequested)
{
    /// <summary>Of the auto-replied tickets, the share resolved without an agent; null when none was auto-replied.</summary>
    public double? ResolutionRate => AutoReplied == 0 ? null : (double)ResolvedAutomatically / AutoReplied;

    /// <summary>Of all tickets, the share resolved by the automated reply alone; null when there were no tickets.</summary>
    public double? ShareOfAll => Tickets == 0 ? null : (double)ResolvedAutomatically / Tickets;
}

/// <summary>
/// Decides whether a new ticket is answered at once with a knowledge-base article, and reports how well that works.
/// The desk calls <see cref="DecideAsync"/> when a ticket arrives; when it answers, it sends
/// <see cref="AutoReplyComposer.Compose"/> of the article as an <see cref="MessageKind.Automated"/> message and sets
/// <see cref="Ticket.AutoReplyArticleId"/> and <see cref="Ticket.AutoRepliedAt"/>.
/// </summary>
public sealed class AutoReplyPolicy(IDbContextFactory<OpsDbContext> contexts, KnowledgeIndex index, TimeProvider clock)
{
    public async Task<AutoReplySettings> GetSettingsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var value = await db.SupportSettings.AsNoTracking().Where(s => s.Key == AutoReplySettings.Key).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        return AutoReplySettings.Parse(value);
    }

    /// <exception cref="KnowledgeValidationException">An intent is unknown or the confidence is outside 0–1.</exception>
    public async Task SaveSettingsAsync(AutoReplySettings settings, string? by, CancellationToken cancellationToken = default)
    {
        if (settings.Validate() is { Count: > 0 } errors)
        {
            throw new KnowledgeValidationException(errors);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SupportSettings.FirstOrDefaultAsync(s => s.Key == AutoReplySettings.Key, cancellationToken);
        if (row is null)
        {
            row = new SupportSetting { Key = AutoReplySettings.Key, Value = "" };
            db.SupportSettings.Add(row);
        }
        row.Value = settings.ToJson();
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = by ?? "";
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Whether to answer a new ticket automatically, and with which article: auto-reply must be on, the intent
    /// allowed, the model at least as confident as the settings ask, and a published article in the ticket's
    /// language must list the intent; of those, the one most like the text is chosen.
    /// </summary>
    /// <param name="intent">The intent the model read; null or empty when it read none.</param>
    /// <param name="confidence">The model's probability for that intent, 0 to 1.</param>
    /// <param name="language">The ticket's language ("en", "zh"; "zh-CN" counts as "zh").</param>
    /// <param name="text">Subject and body, as <see cref="TicketText.Combine"/> joins them.</param>
    public async Task<AutoReplyDecision> DecideAsync(string? intent, double confidence, string language, string text, CancellationToken cancellationToken = default)
    {
        var settings = await GetSettingsAsync(cancellationToken);
        if (Screen(settings, intent, confidence) is { } refused)
        {
            return refused;
        }
        intent = intent!.Trim().ToLowerInvariant();
        language = KnowledgeCodes.Language(language);
        var best = (await index.RankAsync(text, cancellationToken))
            .Where(r => r.Article.Language == language && r.Article.Covers(intent))
            .OrderByDescending(r => r.Similarity).ThenBy(r => r.Article.Id)
            .FirstOrDefault();
        return best.Article is null
            ? new AutoReplyDecision(AutoReplyOutcome.NoArticleInLanguage, $"no published article in '{language}' lists the intent '{intent}'")
            : new AutoReplyDecision(AutoReplyOutcome.Answer,
                string.Create(CultureInfo.InvariantCulture, $"answered with article {best.Article.Id} \"{best.Article.Title}\" (intent '{intent}' at {confidence:0.00})"),
                best.Article, best.Similarity);
    }

    /// <summary>The checks that need no article: null when the ticket may be answered automatically.</summary>
    internal static AutoReplyDecision? Screen(AutoReplySettings settings, string? intent, double confidence)
    {
        if (!settings.Enabled)
        {
            return new(AutoReplyOutcome.Disabled, "automatic replies are turned off");
        }
        if (string.IsNullOrWhiteSpace(intent))
        {
            return new(AutoReplyOutcome.NoIntent, "the ticket has no intent reading");
        }
        var code = intent.Trim().ToLowerInvariant();
        if (!settings.Intents.Contains(code, StringComparer.Ordinal))
        {
            return new(AutoReplyOutcome.IntentNotAllowed, $"the intent '{code}' is not answered automatically");
        }
        if (!(confidence >= settings.MinConfidence))
        {
            return new(AutoReplyOutcome.ConfidenceTooLow,
                string.Create(CultureInfo.InvariantCulture, $"confidence {confidence:0.00} is below {settings.MinConfidence:0.00}"));
        }
        return null;
    }

    /// <summary>
    /// Automated-reply results for tickets created in [<paramref name="from"/>, <paramref name="to"/>) (UTC; either
    /// may be null for no bound). A ticket counts as resolved automatically when it got an automated article and
    /// is now resolved or closed with no <see cref="MessageKind.Agent"/> message on it.
    /// </summary>
    public async Task<AutoReplyStats> StatsAsync(DateTime? from = null, DateTime? to = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tickets = db.Tickets.AsNoTracking();
        if (from is { } start)
        {
            tickets = tickets.Where(t => t.CreatedAt >= start);
        }
        if (to is { } end)
        {
            tickets = tickets.Where(t => t.CreatedAt < end);
        }
        var replied = tickets.Where(t => t.AutoReplyArticleId != null);
        var total = await tickets.CountAsync(cancellationToken);
        var autoReplied = await replied.CountAsync(cancellationToken);
        var resolved = await replied
            .Where(t => (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed)
                && !db.TicketMessages.Any(m => m.TicketId == t.Id && m.Kind == MessageKind.Agent))
            .CountAsync(cancellationToken);
        var human = await replied.CountAsync(t => t.HumanRequested, cancellationToken);
        return new AutoReplyStats(total, autoReplied, resolved, human);
    }
}
