using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using OpsConsole.Retention.Renewals;
using OpsConsole.Web.Access;

namespace OpsConsole.Web.Retention;

public static class RenewalsSetup
{
    /// <summary>The renewals view's services and options (<c>Retention:Renewals</c>, validated at start-up).</summary>
    public static WebApplicationBuilder AddRenewals(this WebApplicationBuilder builder)
    {
        builder.Services.AddRenewals();
        return builder;
    }

    /// <summary>
    /// The page's tables as CSV downloads (<c>/retention/renewals/{expiring|cohorts|failed}/export.csv</c>) for analysts,
    /// streamed from the database however many rows match; a bad argument is a 400 problem naming it.
    /// </summary>
    public static WebApplication MapRenewals(this WebApplication app)
    {
        app.MapGet(RenewalArguments.PagePath + "/{table}/export.csv", async (string table, HttpContext http, RenewalQueries queries, RenewalCohorts cohorts,
                FailedRenewals failed, IOptions<RenewalsOptions> options, TimeProvider clock) =>
            {
                var reveal = PiiAccess.MayReveal(http.User);
                Func<TextWriter, Task> write;
                switch (table)
                {
                    case RenewalArguments.ExpiringTable:
                        var (expiring, expiringErrors) = RenewalArguments.ParseExpiring(http.Request.Query, options.Value.LongWindowDays);
                        if (expiring is null) return Invalid(expiringErrors);
                        write = w => RenewalCsv.WriteExpiringAsync(queries.StreamExpiringAsync(expiring, http.RequestAborted), w, reveal, http.RequestAborted);
                        break;
                    case RenewalArguments.FailedTable:
                        var (request, failedErrors) = RenewalArguments.ParseFailed(http.Request.Query);
                        if (request is null) return Invalid(failedErrors);
                        write = w => RenewalCsv.WriteFailedAsync(failed.StreamAsync(request, http.RequestAborted), w, reveal, http.RequestAborted);
                        break;
                    case RenewalArguments.CohortsTable:
                        var (months, cohortErrors) = RenewalArguments.ParseCohorts(http.Request.Query);
                        if (cohortErrors.Count > 0) return Invalid(cohortErrors);
                        var report = await cohorts.RunAsync(months, http.RequestAborted);
                        write = w => RenewalCsv.WriteCohortsAsync(report, w, http.RequestAborted);
                        break;
                    default:
                        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown renewals table",
                            detail: $"The renewals exports are {string.Join(", ", RenewalArguments.Tables)}.");
                }
                var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"renewals-{table}-{stamp}.csv\"";
                // A byte-order mark so spreadsheet programs read Chinese names as UTF-8.
                await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
                await write(writer);
                return Results.Empty;
            })
            .RequireAuthorization(Policies.Analysts)
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Invalid(Dictionary<string, string[]> errors) => Results.ValidationProblem(errors, title: "Invalid renewals request");
}
