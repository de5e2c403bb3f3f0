namespace OpsConsole.Support;

/// <summary>A help article: suggested to agents for the intents it covers and sent as the automated first reply.</summary>
public sealed class KnowledgeArticle
{
    public const int TitleMaxLength = 256;
    public const int BodyMaxLength = 16000;

    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>Space-separated intents the article answers.</summary>
    public string Intents { get; set; } = "";
    public string Language { get; set; } = "en";
    public bool Published { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>
/// A reply template with variables: <c>{{learner.name}}</c>, <c>{{course.title}}</c>, <c>{{order.id}}</c>,
/// <c>{{agent.name}}</c>.
/// </summary>
public sealed class CannedResponse
{
    public const int NameMaxLength = 128;

    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Body { get; set; }
    public string Language { get; set; } = "en";
    /// <summary>Space-separated intents it suits; offered first on such tickets.</summary>
    public string Intents { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A desk setting managers edit in the console (routing rules, automatic-answer intents, SLA overrides), stored as
/// JSON under a key with who changed it last.
/// </summary>
public sealed class SupportSetting
{
    public const int KeyMaxLength = 64;

    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>One trained intent model: a version in the registry with its evaluation and its bytes.</summary>
public sealed class IntentModelVersion
{
    public int Id { get; set; }
    public required string StartedBy { get; set; }
    public DateTime StartedAt { get; set; }
    public long DurationMs { get; set; }
    public int TrainingExamples { get; set; }
    public int TestExamples { get; set; }
    public int Classes { get; set; }
    public double Accuracy { get; set; }
    public double MacroF1 { get; set; }
    /// <summary>Per-intent precision/recall and the confusion matrix, as JSON.</summary>
    public string Evaluation { get; set; } = "{}";
    public IntentModelStatus Status { get; set; }
    public DateTime? PromotedAt { get; set; }
    public string? PromotedBy { get; set; }
    public string? Error { get; set; }
    public byte[]? Content { get; set; }
}

public enum IntentModelStatus
{
    Training = 0,
    Ready = 1,
    Active = 2,
    Retired = 3,
    Failed = 4,
}
