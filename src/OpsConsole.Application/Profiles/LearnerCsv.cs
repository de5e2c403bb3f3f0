using System.Globalization;
using System.Text;
using OpsConsole.Exports;
using OpsConsole.Learners;

namespace OpsConsole.Profiles;

/// <summary>The learners list as CSV, in the list's filter and sort order; PII masked unless the viewer may see it.</summary>
public static class LearnerCsv
{
    public const string Header = "learner_id,name,email,channel,region,signup_at_utc,tier,lifecycle,rfm_segment,net_spend,orders,active_days_30,last_active_at_utc,top_interests,persona_id";

    public static async Task WriteAsync(IAsyncEnumerable<LearnerRow> rows, TextWriter output, bool revealPii, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(Header);
        var line = new StringBuilder();
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            line.Clear()
                .Append(CsvField.Escape(r.Id)).Append(',')
                .Append(CsvField.Escape(revealPii ? r.Name : PiiMask.Name(r.Name))).Append(',')
                .Append(CsvField.Escape(revealPii ? r.Email : PiiMask.Email(r.Email))).Append(',')
                .Append(CsvField.Escape(r.Channel)).Append(',')
                .Append(CsvField.Escape(r.Region)).Append(',')
                .Append(Utc(r.SignupAt)).Append(',')
                .Append(r.Tier).Append(',')
                .Append(r.Lifecycle).Append(',')
                .Append(r.Rfm).Append(',')
                .Append(r.NetSpend.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Orders.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.ActiveDays30.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.LastActiveAt is { } last ? Utc(last) : "").Append(',')
                .Append(CsvField.Escape(r.TopInterests.Replace(',', ' '))).Append(',')
                .Append(r.PersonaId?.ToString(CultureInfo.InvariantCulture));
            await output.WriteLineAsync(line, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    private static string Utc(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
