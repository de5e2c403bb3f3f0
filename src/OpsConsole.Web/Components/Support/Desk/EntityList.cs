using System.Globalization;
using System.Text.Json;

namespace OpsConsole.Web.Components.Support.Desk;

/// <summary>One thing the desk found in a ticket's text: an order id, a course title, an e-mail, an amount or a date.</summary>
public sealed record FoundEntity(string Kind, string Text, string? Detail = null);

/// <summary>Reads <see cref="OpsConsole.Support.Ticket.Entities"/> (JSON written when the ticket was read) into a flat list.</summary>
public static class EntityList
{
    public static IReadOnlyList<FoundEntity> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return [];
            }
            var found = new List<FoundEntity>();
            found.AddRange(Strings(root, "orderIds").Select(id => new FoundEntity("order", id)));
            found.AddRange(Items(root, "titles").Select(t => new FoundEntity("title", Text(t, "title") ?? Text(t, "itemId") ?? "",
                Text(t, "itemId"))));
            found.AddRange(Strings(root, "emails").Select(e => new FoundEntity("email", e)));
            found.AddRange(Items(root, "amounts").Select(a => new FoundEntity("amount", Text(a, "text") ?? Amount(a))));
            found.AddRange(Items(root, "dates").Select(d => new FoundEntity("date", Text(d, "date") is { } date && Text(d, "text") is { } said && said != date ? $"{said} ({date})" : Text(d, "date") ?? "")));
            return found.Where(f => f.Text.Length > 0).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static IEnumerable<string> Strings(JsonElement root, string name) =>
        Items(root, name).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();

    private static IEnumerable<JsonElement> Items(JsonElement root, string name) =>
        root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];

    private static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Amount(JsonElement item) =>
        item.TryGetProperty("amount", out var amount) && amount.ValueKind == JsonValueKind.Number
            ? amount.GetDecimal().ToString("0.##", CultureInfo.InvariantCulture) + (Text(item, "currency") is { } currency ? " " + currency : "")
            : "";
}
