using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Commerce;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Learners;
using OpsConsole.Profiles;
using OpsConsole.Retention.Renewals;

namespace OpsConsole.IntegrationTests.Retention;

/// <summary>
/// The renewals services over a real database, in the Shanghai zone (UTC+8, where a platform day or month starts at 16:00
/// UTC the day before), with a clock the test sets. Memberships, learners and renewal events are written by hand.
/// </summary>
internal sealed class RenewalsWorld : IAsyncDisposable
{
    /// <summary>Wednesday 10 June 2026, 12:00 in Shanghai.</summary>
    public static readonly DateTime Now = new(2026, 6, 10, 4, 0, 0, DateTimeKind.Utc);

    private readonly ServiceProvider _services;
    private long _events;

    private RenewalsWorld(TestDatabase database, ServiceProvider services, Clock clock)
    {
        Database = database;
        _services = services;
        Time = clock;
    }

    public TestDatabase Database { get; }
    public Clock Time { get; }
    public RenewalQueries Queries => _services.GetRequiredService<RenewalQueries>();
    public RenewalCohorts Cohorts => _services.GetRequiredService<RenewalCohorts>();
    public FailedRenewals Failed => _services.GetRequiredService<FailedRenewals>();
    public RenewalReminders Reminders => _services.GetRequiredService<RenewalReminders>();

    public static async Task<RenewalsWorld> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = new Clock { Now = Now };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(database.Contexts)
            .AddSingleton(database.Options)
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), clock))
            .AddLogging();
        services.AddIngestion();
        services.AddRenewals();
        return new RenewalsWorld(database, services.BuildServiceProvider(validateScopes: true), clock);
    }

    /// <summary>A UTC instant from a wall-clock time in Shanghai.</summary>
    public static DateTime Shanghai(int year, int month, int day, int hour = 12, int minute = 0) =>
        new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);

    public async Task<Membership> MembershipAsync(string learnerId, MembershipPlan plan, DateTime startedAt, DateTime expiresAt, int renewals = 0,
        int failed = 0, DateTime? cancelledAt = null, string? name = null)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        if (await db.Learners.FindAsync([learnerId], TestContext.Current.CancellationToken) is null)
        {
            db.Learners.Add(new Learner { Id = learnerId, SignupAt = startedAt.AddDays(-30), CreatedAt = startedAt, UpdatedAt = startedAt });
            db.LearnerPii.Add(new LearnerPii { LearnerId = learnerId, Name = name ?? $"Learner {learnerId}" });
        }
        var membership = new Membership
        {
            LearnerId = learnerId, Plan = plan, StartedAt = startedAt, ExpiresAt = expiresAt, Renewals = renewals, FailedRenewals = failed, CancelledAt = cancelledAt,
        };
        db.Memberships.Add(membership);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return membership;
    }

    public async Task ProfileAsync(string learnerId, decimal netSpend, LifecycleStage lifecycle)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.Profiles.Add(new LearnerProfile { LearnerId = learnerId, NetSpend = netSpend, Lifecycle = lifecycle, ComputedAt = Now });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A membership_renew event, as the platform sends one for each collected renewal charge.</summary>
    public async Task RenewedAsync(string learnerId, DateTime at)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.Events.Add(new BehaviorEvent
        {
            EventId = $"renew-{++_events}", LearnerId = learnerId, Type = EventType.MembershipRenew, OccurredAt = at, ReceivedAt = at, Amount = 39m, Currency = "CNY",
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    internal sealed class Clock : TimeProvider
    {
        public DateTime Now { get; set; }

        public override DateTimeOffset GetUtcNow() => new(Now);
    }
}
