using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Analytics;
using OpsConsole.Data;

namespace OpsConsole.Support;

/// <summary>Everything the desk reads in a ticket's text before routing it, each reading with its confidence.</summary>
public sealed record TicketReading(
    LanguageGuess Language,
    SentimentResult Sentiment,
    UrgencyResult Urgency,
    TicketEntities Entities,
    IntentReading? Intent)
{
    public TicketPriority UrgencyPriority => (TicketPriority)(int)Urgency.Level;

    public string EntitiesJson() => JsonSerializer.Serialize(new
    {
        orderIds = Entities.OrderIds,
        titles = Entities.Titles.Select(t => new { t.ItemId, t.Title, score = Math.Round(t.Score, 3) }),
        emails = Entities.Emails,
        amounts = Entities.Amounts.Select(a => new { a.Amount, a.Currency, a.Text }),
        dates = Entities.Dates.Select(d => new { date = d.Date.ToString("yyyy-MM-dd"), d.Text, d.Relative }),
    }, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// Reads language, tone, entities and intent. Catalogue titles for entity matching are cached and reloaded every few
/// minutes, since the catalogue changes rarely and matching must not cost a catalogue scan per ticket.
/// </summary>
public sealed class TicketReader(IDbContextFactory<OpsDbContext> contexts, IIntentClassifier intents, PlatformTime time)
{
    private static readonly TimeSpan CatalogueRefresh = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private (EntityExtractor Extractor, DateTime LoadedAt)? _catalogue;

    public async Task<TicketReading> ReadAsync(string subject, string body, DateTime writtenAt, CancellationToken cancellationToken = default)
    {
        var text = TicketText.Combine(subject, body);
        var extractor = await ExtractorAsync(cancellationToken);
        var sentiment = TicketTone.DetectSentiment(text);
        return new TicketReading(
            LanguageDetector.Detect(text),
            sentiment,
            TicketTone.DetectUrgency(text, sentiment),
            extractor.Extract(text, time.DayOf(writtenAt)),
            intents.Classify(subject, body));
    }

    /// <summary>Forgets the cached catalogue so the next ticket sees a change at once (tests, catalogue imports).</summary>
    public void ForgetCatalogue() => _catalogue = null;

    private async Task<EntityExtractor> ExtractorAsync(CancellationToken cancellationToken)
    {
        if (_catalogue is { } cached && time.UtcNow - cached.LoadedAt < CatalogueRefresh)
        {
            return cached.Extractor;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_catalogue is { } again && time.UtcNow - again.LoadedAt < CatalogueRefresh)
            {
                return again.Extractor;
            }
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var titles = await db.Catalog.AsNoTracking().Where(c => c.RetiredAt == null)
                .Select(c => new CatalogTitle(c.Id, c.Title)).ToListAsync(cancellationToken);
            var extractor = new EntityExtractor(titles);
            _catalogue = (extractor, time.UtcNow);
            return extractor;
        }
        finally
        {
            _loading.Release();
        }
    }
}
