using System.Net;
using OpsConsole.Access;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;

namespace OpsConsole.IntegrationTests.Retention;

/// <summary>The renewals page's CSV downloads over real HTTP, with names masked for roles that may not see them.</summary>
public sealed class RenewalExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task SeedAsync(TestDatabase database)
    {
        var now = DateTime.UtcNow;
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        foreach (var (id, name) in new[] { ("u-soon", "Wang Fang"), ("u-later", "Omar Haddad"), ("u-annual", "Li Na") })
        {
            db.Learners.Add(new Learner { Id = id, SignupAt = now.AddYears(-1), CreatedAt = now, UpdatedAt = now });
            db.LearnerPii.Add(new LearnerPii { LearnerId = id, Name = name });
        }
        db.Memberships.AddRange(
            new Membership { LearnerId = "u-soon", Plan = MembershipPlan.Monthly, StartedAt = now.AddDays(-27), ExpiresAt = now.AddDays(3), Renewals = 2, FailedRenewals = 1 },
            new Membership { LearnerId = "u-later", Plan = MembershipPlan.Monthly, StartedAt = now.AddDays(-10), ExpiresAt = now.AddDays(20) },
            new Membership { LearnerId = "u-annual", Plan = MembershipPlan.Annual, StartedAt = now.AddDays(-300), ExpiresAt = now.AddDays(4) });
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<string[]> LinesAsync(HttpResponseMessage response) =>
        (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task ExpiringExport_FilteredByWindowAndPlan_StreamsTheMatchingMembershipsWithNamesMaskedForOperators()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(database);
        await using var app = new OpsConsoleApp(database);
        var (operatorClient, _) = await app.SignInAsync(Roles.Operator);
        var (managerClient, _) = await app.SignInAsync(Roles.Manager);

        var asOperator = await operatorClient.GetAsync("/retention/renewals/expiring/export.csv?days=7&plan=monthly", Ct);
        var asManager = await managerClient.GetAsync("/retention/renewals/expiring/export.csv?days=30&sort=learner&desc=true", Ct);

        Assert.Equal(HttpStatusCode.OK, asOperator.StatusCode);
        Assert.Equal("text/csv", asOperator.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment; filename=\"renewals-expiring-", asOperator.Content.Headers.ContentDisposition?.ToString());
        var operatorLines = await LinesAsync(asOperator);
        Assert.Equal("membership_id,learner_id,name,plan,started_at_utc,expires_at_utc,renewals,failed_renewals,net_spend,lifecycle", operatorLines[0]);
        var row = Assert.Single(operatorLines.Skip(1)).Split(',');
        Assert.Equal(["u-soon", "W*** F***", "monthly"], row[1..4]);
        Assert.Equal(["2", "1", "", ""], row[6..]);
        var managerLines = await LinesAsync(asManager);
        Assert.Equal(["u-soon", "u-later", "u-annual"], managerLines.Skip(1).Select(l => l.Split(',')[1]));
        Assert.Equal(["Wang Fang", "Omar Haddad", "Li Na"], managerLines.Skip(1).Select(l => l.Split(',')[2]));
    }

    [Fact]
    public async Task Exports_CohortsAndFailed_HaveOneLinePerCohortAndPlanAndPerFailedMembership()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(database);
        await using var app = new OpsConsoleApp(database);
        var (client, _) = await app.SignInAsync(Roles.Admin);

        var cohorts = await LinesAsync(await client.GetAsync("/retention/renewals/cohorts/export.csv?months=12", Ct));
        var failed = await LinesAsync(await client.GetAsync("/retention/renewals/failed/export.csv?outcome=recovered", Ct));

        Assert.StartsWith("cohort,plan,memberships,due_1,renewed_1,rate_1,due_2,renewed_2,rate_2,due_3,renewed_3,rate_3", cohorts[0]);
        Assert.Equal(1 + 12 * 2, cohorts.Length);
        Assert.Equal(3, cohorts.Skip(1).Sum(l => int.Parse(l.Split(',')[2])));
        Assert.Equal(2, failed.Length);
        Assert.StartsWith("membership_id,learner_id,name,plan,outcome,failed_attempts", failed[0]);
        Assert.Equal(["u-soon", "Wang Fang", "monthly", "recovered", "1", "2"], failed[1].Split(',')[1..7]);
    }

    [Fact]
    public async Task Export_BadArgumentOrTable_AnswersAProblemNamingIt()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(database);
        var (client, _) = await app.SignInAsync(Roles.Operator);

        var badPlan = await client.GetAsync("/retention/renewals/expiring/export.csv?plan=weekly", Ct);
        var badTable = await client.GetAsync("/retention/renewals/members/export.csv", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, badPlan.StatusCode);
        Assert.Contains("plan", await badPlan.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, badTable.StatusCode);
    }
}
