using System.Globalization;
using System.Text;
using OpsConsole.Exports;
using OpsConsole.Support;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Support;

public static class TicketExport
{
    public const string Header =
        "ticket_id,subject,learner_id,status,priority,language,channel,intent,intent_confidence,queue,assignee_id,created_at_utc,updated_at_utc,first_response_due_at_utc,resolution_due_at_utc,sentiment";

    /// <summary>Streams the queue's current view as CSV straight from the database, however many tickets match.</summary>
    public static WebApplication MapTicketExport(this WebApplication app)
    {
        app.MapGet(TicketListQuery.ExportPath, async (HttpContext http, TicketQueries queries, TimeProvider clock) =>
        {
            var query = TicketListQuery.Parse(http.Request.Query, DeskUser.AgentId(http.User));
            var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"tickets-{query.View.ToString().ToLowerInvariant()}-{stamp}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
            await WriteAsync(queries.StreamAsync(query, http.RequestAborted), writer, http.RequestAborted);
        })
        .RequireAuthorization(Policies.Support)
        .ExcludeFromDescription();
        return app;
    }

    public static async Task WriteAsync(IAsyncEnumerable<TicketSummary> tickets, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(Header);
        var line = new StringBuilder();
        await foreach (var t in tickets.WithCancellation(cancellationToken))
        {
            line.Clear()
                .Append(t.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvField.Escape(t.Subject)).Append(',')
                .Append(CsvField.Escape(t.LearnerId)).Append(',')
                .Append(Lower(t.Status)).Append(',')
                .Append(Lower(t.Priority)).Append(',')
                .Append(CsvField.Escape(t.Language)).Append(',')
                .Append(CsvField.Escape(t.Channel)).Append(',')
                .Append(CsvField.Escape(t.Intent)).Append(',')
                .Append(t.IntentConfidence?.ToString("0.000", CultureInfo.InvariantCulture)).Append(',')
                .Append(t.Queue is { } queue ? Lower(queue) : "").Append(',')
                .Append(CsvField.Escape(t.AssigneeId)).Append(',')
                .Append(Utc(t.CreatedAt)).Append(',')
                .Append(Utc(t.UpdatedAt)).Append(',')
                .Append(Utc(t.FirstResponseDueAt)).Append(',')
                .Append(Utc(t.ResolutionDueAt)).Append(',')
                .Append(t.Sentiment?.ToString("0.000", CultureInfo.InvariantCulture));
            await output.WriteLineAsync(line, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Utc(DateTime? at) => at is { } t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
