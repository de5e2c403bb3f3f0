using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support;

public sealed class SlaPoliciesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SlaOptions RoundTheClock(int normalFirstResponseMinutes) => new()
    {
        BusinessHours = Enum.GetNames<DayOfWeek>().ToDictionary(d => d, _ => "00:00-24:00", StringComparer.OrdinalIgnoreCase),
        Policies = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Urgent"] = new() { FirstResponseMinutes = 10, ResolutionMinutes = 60 },
            ["High"] = new() { FirstResponseMinutes = 20, ResolutionMinutes = 120 },
            ["Normal"] = new() { FirstResponseMinutes = normalFirstResponseMinutes, ResolutionMinutes = 600 },
            ["Low"] = new() { FirstResponseMinutes = 90, ResolutionMinutes = 900 },
        },
    };

    [Theory, DatabaseProviders]
    public async Task SaveAsync_ManagersPolicies_NewTicketsAreDueByThemUntilReset(DatabaseProvider provider)
    {
        await using var world = await DeskWorld.CreateAsync(provider);
        Assert.Empty(await world.Sla.SaveAsync(RoundTheClock(45), "manager@desk.test", Ct));

        var saved = await world.Desk.CreateAsync(new NewTicket("l-1", "Hello", "A question about my course"), new Actor("p", "Platform"), Ct);
        Assert.Equal(DeskWorld.Start.UtcDateTime.AddMinutes(45), saved.FirstResponseDueAt);
        var loaded = await world.Sla.LoadAsync(Ct);
        Assert.True(loaded.Stored);
        Assert.Equal("manager@desk.test", loaded.UpdatedBy);

        await world.Sla.ResetAsync(Ct);
        var configured = await world.Desk.CreateAsync(new NewTicket("l-2", "Hello", "Another question"), new Actor("p", "Platform"), Ct);
        // The configured default: 4 business hours from Monday 10:00.
        Assert.Equal(DeskWorld.Start.UtcDateTime.AddHours(4), configured.FirstResponseDueAt);
    }

    [Fact]
    public async Task SaveAsync_InvalidPolicies_ListsEveryProblemAndKeepsWhatWasThere()
    {
        await using var world = await DeskWorld.CreateAsync(DatabaseProvider.Sqlite);
        var bad = RoundTheClock(45);
        bad.Policies["Normal"] = new() { FirstResponseMinutes = 700, ResolutionMinutes = 600 };
        bad.BusinessHours["Monday"] = "9 to 5";
        bad.Holidays = ["2026-13-01"];

        var errors = await world.Sla.SaveAsync(bad, "manager@desk.test", Ct);

        Assert.Contains(errors, e => e.Contains("Normal:FirstResponseMinutes must not exceed ResolutionMinutes"));
        Assert.Contains(errors, e => e.Contains("BusinessHours:Monday"));
        Assert.Contains(errors, e => e.Contains("2026-13-01"));
        Assert.False((await world.Sla.LoadAsync(Ct)).Stored);
    }
}
