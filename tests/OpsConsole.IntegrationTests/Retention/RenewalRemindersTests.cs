using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Retention.Renewals;
using static OpsConsole.IntegrationTests.Retention.RenewalsWorld;

namespace OpsConsole.IntegrationTests.Retention;

public sealed class RenewalRemindersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<RenewalsWorld> ThreeMembersAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var world = await CreateAsync(provider, settings);
        await world.MembershipAsync("u1", MembershipPlan.Monthly, Now.AddDays(-25), Now.AddDays(5));
        await world.MembershipAsync("u2", MembershipPlan.Annual, Now.AddDays(-360), Now.AddDays(5));
        await world.MembershipAsync("u3", MembershipPlan.Monthly, Now.AddDays(-20), Now.AddDays(10));
        return world;
    }

    private static async Task<List<BehaviorEvent>> RemindersAsync(RenewalsWorld world)
    {
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        return await db.Events.AsNoTracking().Where(e => e.Type == EventType.RenewalReminder).OrderBy(e => e.OccurredAt).ThenBy(e => e.LearnerId).ToListAsync(Ct);
    }

    [Theory, DatabaseProviders]
    public async Task SendAsync_LearnerRemindedWithinCooldown_IsSkippedAndTheOthersAreRecordedAsEvents(DatabaseProvider provider)
    {
        await using var world = await ThreeMembersAsync(provider);
        world.Time.Now = Now.AddDays(-8);
        await world.Reminders.SendAsync(["u3"], "li.na@example.test", null, Ct);
        world.Time.Now = Now.AddDays(-3);
        await world.Reminders.SendAsync(["u2"], "li.na@example.test", null, Ct);
        world.Time.Now = Now;

        var result = await world.Reminders.SendAsync(["u1", "u2", "u3", "nobody", " u1 "], "wang.fang@example.test", "Renew before the price change", Ct);

        Assert.Equal(["u1", "u3"], result.Sent);
        Assert.Equal([new SkippedReminder("u2", Now.AddDays(-3))], result.Skipped);
        Assert.Equal(["nobody"], result.Unknown);
        var events = await RemindersAsync(world);
        Assert.Equal(["u3", "u2", "u1", "u3"], events.Select(e => e.LearnerId));
        var u1 = events[2];
        Assert.Equal(Now, u1.OccurredAt);
        using var properties = JsonDocument.Parse(u1.Properties!);
        Assert.Equal("wang.fang@example.test", properties.RootElement.GetProperty("by").GetString());
        Assert.Equal("Renew before the price change", properties.RootElement.GetProperty("note").GetString());
        Assert.Equal("monthly", properties.RootElement.GetProperty("plan").GetString());
        Assert.Equal(Now.AddDays(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), properties.RootElement.GetProperty("expiresAt").GetString());
        await using var db = await world.Database.Contexts.CreateDbContextAsync(Ct);
        Assert.False(await db.Learners.AnyAsync(l => l.Id == "nobody", Ct));
    }

    [Theory, DatabaseProviders]
    public async Task SendAsync_SameLearnersAgainAfterTheCooldown_RemindsThemAgain(DatabaseProvider provider)
    {
        await using var world = await ThreeMembersAsync(provider, new Dictionary<string, string?> { ["Retention:Renewals:ReminderCooldownDays"] = "2" });
        await world.Reminders.SendAsync(["u1", "u2"], "ops", null, Ct);

        world.Time.Now = Now.AddDays(1);
        var tooSoon = await world.Reminders.SendAsync(["u1", "u2"], "ops", null, Ct);
        world.Time.Now = Now.AddDays(2).AddMinutes(1);
        var later = await world.Reminders.SendAsync(["u1", "u2"], "ops", null, Ct);

        Assert.Empty(tooSoon.Sent);
        Assert.Equal(["u1", "u2"], tooSoon.Skipped.Select(s => s.LearnerId));
        Assert.Equal(["u1", "u2"], later.Sent);
        Assert.Equal(4, (await RemindersAsync(world)).Count);
    }

    [Fact]
    public void Options_LongWindowNotLongerThanShort_FailStartUpValidationNamingTheKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retention:Renewals:ShortWindowDays"] = "30",
            ["Retention:Renewals:LongWindowDays"] = "7",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddRenewals().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Retention:Renewals:LongWindowDays (7) must be greater than Retention:Renewals:ShortWindowDays (30)", error.Message);
    }

    [Fact]
    public void Options_CooldownOutOfRange_FailsStartUpValidation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Retention:Renewals:ReminderCooldownDays"] = "-1" }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddRenewals().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(nameof(RenewalsOptions.ReminderCooldownDays), error.Message);
    }
}
