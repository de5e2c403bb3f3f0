using System.Globalization;
using System.Text;
using OpsConsole.Exports;
using OpsConsole.Learners;
using OpsConsole.Retention.Renewals;

namespace OpsConsole.Web.Retention;

/// <summary>The renewals page's tables as CSV. Names are masked unless the reader may see personal data.</summary>
public static class RenewalCsv
{
    public const string ExpiringHeader = "membership_id,learner_id,name,plan,started_at_utc,expires_at_utc,renewals,failed_renewals,net_spend,lifecycle";
    public const string FailedHeader =
        "membership_id,learner_id,name,plan,outcome,failed_attempts,renewals,started_at_utc,expires_at_utc,cancelled_at_utc,last_renewed_at_utc,failed_due_at_utc";

    public static async Task WriteExpiringAsync(IAsyncEnumerable<ExpiringMembership> rows, TextWriter output, bool reveal, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(ExpiringHeader);
        var line = new StringBuilder();
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            line.Clear()
                .Append(r.MembershipId.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvField.Escape(r.LearnerId)).Append(',')
                .Append(CsvField.Escape(reveal ? r.Name : PiiMask.Name(r.Name))).Append(',')
                .Append(Lower(r.Plan)).Append(',')
                .Append(Utc(r.StartedAt)).Append(',')
                .Append(Utc(r.ExpiresAt)).Append(',')
                .Append(r.Renewals.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.FailedRenewals.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.NetSpend?.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Lifecycle is { } stage ? Lower(stage) : "");
            await output.WriteLineAsync(line, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    public static async Task WriteFailedAsync(IAsyncEnumerable<FailedRenewal> rows, TextWriter output, bool reveal, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(FailedHeader);
        var line = new StringBuilder();
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            line.Clear()
                .Append(r.MembershipId.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvField.Escape(r.LearnerId)).Append(',')
                .Append(CsvField.Escape(reveal ? r.Name : PiiMask.Name(r.Name))).Append(',')
                .Append(Lower(r.Plan)).Append(',')
                .Append(Lower(r.Outcome)).Append(',')
                .Append(r.FailedAttempts.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Renewals.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Utc(r.StartedAt)).Append(',')
                .Append(Utc(r.ExpiresAt)).Append(',')
                .Append(Utc(r.CancelledAt)).Append(',')
                .Append(Utc(r.LastRenewedAt)).Append(',')
                .Append(Utc(r.FailedDueAt));
            await output.WriteLineAsync(line, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>One line per cohort month and plan, oldest first, with due, renewed and rate for each renewal followed.</summary>
    public static async Task WriteCohortsAsync(RenewalCohortReport report, TextWriter output, CancellationToken cancellationToken)
    {
        var header = new StringBuilder("cohort,plan,memberships");
        for (var k = 1; k <= RenewalCohorts.Ordinals; k++)
        {
            header.Append(CultureInfo.InvariantCulture, $",due_{k},renewed_{k},rate_{k}");
        }
        await output.WriteLineAsync(header, cancellationToken);
        var line = new StringBuilder();
        foreach (var c in report.Cohorts.OrderBy(c => c.Month).ThenBy(c => c.Plan))
        {
            line.Clear().Append(c.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)).Append(',').Append(Lower(c.Plan)).Append(',')
                .Append(c.Memberships.ToString(CultureInfo.InvariantCulture));
            foreach (var s in c.Steps)
            {
                line.Append(',').Append(s.Due.ToString(CultureInfo.InvariantCulture))
                    .Append(',').Append(s.Renewed.ToString(CultureInfo.InvariantCulture))
                    .Append(',').Append(s.Rate?.ToString("0.0000", CultureInfo.InvariantCulture));
            }
            await output.WriteLineAsync(line, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Utc(DateTime? at) => at is { } t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
