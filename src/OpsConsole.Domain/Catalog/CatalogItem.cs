namespace OpsConsole.Catalog;

public sealed class CatalogItem
{
    public const int IdMaxLength = 64;

    public required string Id { get; set; }
    public ContentKind Kind { get; set; }
    public required string Title { get; set; }
    public string Topic { get; set; } = "";
    /// <summary>Comma-separated, lower-case topic tags.</summary>
    public string Tags { get; set; } = "";
    public decimal Price { get; set; }
    public string Currency { get; set; } = "CNY";
    public string? Instructor { get; set; }
    public ContentLevel Level { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime? RetiredAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<string> TagList =>
        Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum ContentKind
{
    Course = 0,
    Column = 1,
    LiveClass = 2,
    EBook = 3,
    Article = 4,
}

public enum ContentLevel
{
    Beginner = 0,
    Intermediate = 1,
    Advanced = 2,
}
