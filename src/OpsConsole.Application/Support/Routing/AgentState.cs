namespace OpsConsole.Support;

/// <summary>
/// One support agent as routing sees them at an instant. Skills are matched case-insensitively; <c>"*"</c> in
/// <see cref="Intents"/> or <see cref="Languages"/> means every intent or language.
/// </summary>
/// <param name="Intents">Ticket intents the agent handles, e.g. <c>refund_request</c>.</param>
/// <param name="Languages">Languages the agent answers in (BCP-47); <c>zh</c> covers <c>zh-CN</c> and <c>zh-TW</c>.</param>
/// <param name="Tags">Teams and levels that rules route to, e.g. <c>senior</c> or <c>billing</c>.</param>
/// <param name="Capacity">Open tickets the agent may hold at once.</param>
/// <param name="OpenTickets">Open tickets the agent holds now.</param>
/// <param name="LastAssignedAt">
/// When the agent last received a ticket (UTC); null if never. Ties on free slots go to whoever has waited longest
/// since then, so callers that do not want a long absence to count as waiting may pass the later of this and the time
/// the agent came online.
/// </param>
public sealed record AgentState(
    string Id,
    string Name,
    AgentStatus Status,
    IReadOnlyList<string> Intents,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Tags,
    int Capacity,
    int OpenTickets,
    DateTime? LastAssignedAt = null)
{
    public int FreeSlots => Math.Max(0, Capacity - OpenTickets);

    public bool CanTakeMore => Status == AgentStatus.Online && FreeSlots > 0;

    /// <summary>Whether the agent has every skill <paramref name="needs"/> asks for (status and capacity aside).</summary>
    public bool HasSkills(SkillNeeds needs) =>
        (needs.Intent is null || Intents.Any(i => i == "*" || string.Equals(i, needs.Intent, StringComparison.OrdinalIgnoreCase)))
        && Languages.Any(l => l == "*" || LanguageTags.Covers(l, needs.Language))
        && (needs.Tag is null || Tags.Any(t => string.Equals(t, needs.Tag, StringComparison.OrdinalIgnoreCase)));
}

internal static class LanguageTags
{
    /// <summary>
    /// Whether <paramref name="general"/> covers <paramref name="specific"/>: equal, or a prefix at a subtag boundary
    /// (<c>zh</c> covers <c>zh-CN</c>, but <c>zh-TW</c> does not cover <c>zh-CN</c>, nor <c>z</c> <c>zh</c>).
    /// </summary>
    public static bool Covers(string general, string specific) =>
        specific.StartsWith(general, StringComparison.OrdinalIgnoreCase)
        && (specific.Length == general.Length || specific[general.Length] == '-');
}
