using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Data;
using OpsConsole.Support;

namespace OpsConsole.Web.Support;

/// <summary>A ticket in the queue with where its running SLA target stands (null once both targets are done).</summary>
public sealed record QueueRow(TicketSummary Ticket, SlaMeasure? Due);

public sealed record QueueRows(IReadOnlyList<QueueRow> Rows, int Total);

/// <summary>
/// What the desk pages show beyond the desk's own queries: queue rows with their SLA state, the count of each view,
/// and the intents and languages to filter and label by.
/// </summary>
public sealed class DeskViews(TicketQueries queries, IDbContextFactory<OpsDbContext> contexts, SlaPolicies policies, TimeProvider clock)
{
    /// <summary>The views the queue offers, in tab order.</summary>
    public static readonly TicketView[] Views = [TicketView.Mine, TicketView.Unassigned, TicketView.Triage, TicketView.Automated, TicketView.Open, TicketView.Resolved];

    public async Task<QueueRows> PageAsync(TicketQuery query, CancellationToken cancellationToken = default)
    {
        var page = await queries.ListAsync(query, cancellationToken);
        var ids = page.Items.Select(t => t.Id).ToList();
        // The summary leaves out when a ticket was answered and resolved; the SLA state needs both.
        Dictionary<long, (DateTime? Responded, DateTime? Resolved)> done;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            done = (await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id))
                    .Select(t => new { t.Id, t.FirstRespondedAt, t.ResolvedAt }).ToListAsync(cancellationToken))
                .ToDictionary(t => t.Id, t => (t.FirstRespondedAt, t.ResolvedAt));
        }
        // The policies managers saved can change while the page is open: ask for the ones in force on every load.
        var sla = await policies.ClockAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = page.Items.Select(t =>
        {
            var (responded, resolved) = done.GetValueOrDefault(t.Id);
            return new QueueRow(t, Running(sla.Evaluate(t.Priority, t.CreatedAt, responded, resolved, now)));
        }).ToList();
        return new QueueRows(rows, page.Total);
    }

    /// <summary>The target that runs now: first response until answered, then resolution.</summary>
    public static SlaMeasure? Running(TicketSla state) =>
        state.FirstResponse.IsRunning ? state.FirstResponse : state.Resolution.IsRunning ? state.Resolution : null;

    /// <summary>How many tickets each view holds for the agent, without the page's filters.</summary>
    public Task<IReadOnlyDictionary<TicketView, int>> CountsAsync(string agentId, CancellationToken cancellationToken = default) =>
        queries.CountViewsAsync(agentId, cancellationToken);

    /// <summary>Intents an agent may pick: those tickets carry and those the active intent model knows.</summary>
    public async Task<IReadOnlyList<string>> IntentsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var used = await db.Tickets.AsNoTracking().Where(t => t.Intent != null).Select(t => t.Intent!).Distinct().ToListAsync(cancellationToken);
        var evaluation = await db.IntentModels.AsNoTracking().Where(m => m.Status == IntentModelStatus.Active)
            .OrderByDescending(m => m.PromotedAt).Select(m => m.Evaluation).FirstOrDefaultAsync(cancellationToken);
        return used.Concat(ModelIntents(evaluation)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<string>> LanguagesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var languages = await db.Tickets.AsNoTracking().Select(t => t.Language).Distinct().ToListAsync(cancellationToken);
        return languages.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The intents listed in a model version's evaluation report; none when it has no readable list.</summary>
    internal static IEnumerable<string> ModelIntents(string? evaluation)
    {
        if (string.IsNullOrWhiteSpace(evaluation))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(evaluation);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("intents", out var intents) && intents.ValueKind == JsonValueKind.Array
                ? intents.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
