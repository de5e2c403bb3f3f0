using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Privacy;
using OpsConsole.Web.Privacy;

namespace OpsConsole.IntegrationTests.Privacy;

/// <summary>Reveals and downloads each leave exactly one audit entry, over the real app; refusals leave none.</summary>
public sealed class AuditLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<AuditEntry>> EntriesAsync(TestDatabase database)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        return await db.AuditLog.OrderBy(a => a.Id).ToListAsync(Ct);
    }

    private static ClaimsPrincipal User(string email, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, role)], "Test"));

    [Fact]
    public async Task RevealAsync_PermittedRole_WritesOneEntryAndOperatorIsRefusedWithNone()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(database);
        var reveals = app.Services.GetRequiredService<PiiReveals>();

        var asAgent = await reveals.RevealAsync(User("agent@example.test", Roles.SupportAgent), "u-1", Ct);
        var asOperator = await reveals.RevealAsync(User("ops@example.test", Roles.Operator), "u-1", Ct);

        Assert.True(asAgent);
        Assert.False(asOperator);
        var entry = Assert.Single(await EntriesAsync(database));
        Assert.Equal(("agent@example.test", AuditActions.PiiReveal, "u-1"), (entry.Actor, entry.Action, entry.Target));
    }

    [Theory, DatabaseProviders]
    public async Task CsvExport_SignedInOperator_WritesOneEntryWithPathAndFiltersAndARefusedOneWritesNone(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new OpsConsoleApp(database);
        var (operatorClient, _) = await app.SignInAsync(Roles.Operator, "ops@example.test");
        var (agentClient, _) = await app.SignInAsync(Roles.SupportAgent);

        var allowed = await operatorClient.GetAsync("/learners/export.csv?q=wang", Ct);
        var refused = await agentClient.GetAsync("/learners/export.csv", Ct);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("/access-denied", refused.Headers.Location?.OriginalString);
        var entry = Assert.Single(await EntriesAsync(database));
        Assert.Equal(("ops@example.test", AuditActions.Export, "/learners/export.csv", "q=wang"), (entry.Actor, entry.Action, entry.Target, entry.Detail));
    }

    [Fact]
    public async Task LearnerJsonExport_Admin_ReturnsEveryTableOfTheLearnerAndWritesOneEntry()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            await LearnerWorld.SeedAsync(db, Ct);
        }
        await using var app = new OpsConsoleApp(database);
        var (admin, _) = await app.SignInAsync(Roles.Admin, "admin@example.test");
        var (manager, _) = await app.SignInAsync(Roles.Manager);
        var id = LearnerWorld.Erased.Id;

        var response = await admin.GetAsync($"/admin/learners/{id}/export.json", Ct);
        var refused = await manager.GetAsync($"/admin/learners/{id}/export.json", Ct);
        var unknown = await admin.GetAsync("/admin/learners/u-nobody/export.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/access-denied", refused.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var tables = json.RootElement.GetProperty("tables");
        // Every table the database scan finds the learner in is in the export, with as many rows.
        await using var scan = await database.Contexts.CreateDbContextAsync(Ct);
        var holding = await DatabaseScan.RowsHoldingAsync(scan, id, contains: false, Ct);
        foreach (var table in DatabaseScan.Tables(holding).Where(t => t != "AuditLog"))
        {
            Assert.True(tables.GetProperty(table).GetArrayLength() >= holding.Count(r => r.StartsWith(table + ":", StringComparison.Ordinal)), table);
        }
        Assert.Equal(LearnerWorld.Erased.Email, tables.GetProperty("LearnerPii")[0].GetProperty("email").GetString());
        Assert.Equal(1, tables.GetProperty("Refunds").GetArrayLength());
        Assert.Equal(2, tables.GetProperty("TicketMessages").GetArrayLength());
        Assert.Equal(1, tables.GetProperty("RecommendationFeedback").GetArrayLength());
        Assert.Equal("View", tables.GetProperty("Events")[0].GetProperty("type").GetString());
        var entry = Assert.Single(await EntriesAsync(database), a => a.Action == AuditActions.LearnerExport);
        Assert.Equal(("admin@example.test", id), (entry.Actor, entry.Target));
        Assert.DoesNotContain(await EntriesAsync(database), a => a.Target == "u-nobody");
    }

    [Fact]
    public async Task AuditCsvExport_FilteredByAction_ListsTheMatchingEntriesAndIsItselfAudited()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(database);
        var audit = app.Services.GetRequiredService<AuditLog>();
        await audit.WriteAsync("agent@example.test", AuditActions.PiiReveal, "u-1", "name, email, phone", Ct);
        await audit.WriteAsync("ops@example.test", AuditActions.Export, "/segments/3/export.csv", null, Ct);
        var (admin, _) = await app.SignInAsync(Roles.Admin, "admin@example.test");

        var response = await admin.GetAsync("/admin/audit/export.csv?action=pii.reveal", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("at_utc,actor,action,target,detail", lines[0]);
        Assert.EndsWith(",agent@example.test,pii.reveal,u-1,\"name, email, phone\"", Assert.Single(lines[1..]));
        var last = (await EntriesAsync(database))[^1];
        Assert.Equal(("admin@example.test", AuditActions.Export, "/admin/audit/export.csv", "action=pii.reveal"), (last.Actor, last.Action, last.Target, last.Detail));
    }

    [Fact]
    public async Task RouteTable_EveryDownload_IsAudited()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new OpsConsoleApp(database);
        _ = app.BaseAddress;

        var downloads = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && (p.Contains("export", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".csv", StringComparison.Ordinal) || p.EndsWith(".json", StringComparison.Ordinal)))
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/openapi", StringComparison.Ordinal))
            .ToList();

        Assert.True(downloads.Count >= 15, $"only {downloads.Count} downloads found");
        Assert.All(downloads, e => Assert.True(ExportAudit.IsExport(e), e.RoutePattern.RawText));
    }
}
