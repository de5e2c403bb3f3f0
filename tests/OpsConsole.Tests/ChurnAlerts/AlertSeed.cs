using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Profiles;
using OpsConsole.Retention;
using OpsConsole.Tests.Components;

namespace OpsConsole.Tests.ChurnAlerts;

/// <summary>The real churn alert services over a test database with the clock stopped; alerts are written as a scoring run would.</summary>
internal sealed class AlertSeed(TestDatabase database)
{
    public static readonly DateTimeOffset Now = new(2026, 6, 3, 10, 0, 0, TimeSpan.Zero);

    public void Register(IServiceCollection services)
    {
        var clock = new FixedClock(Now);
        database.Register(services);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new PlatformTime(TimeZoneInfo.Utc, clock));
        services.AddSingleton(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        services.AddLogging();
        services.AddIngestion();
        services.AddChurnAlerts();
        // What retention actions reach: experiment arms and renewal reminders.
        services.AddSegments();
        services.AddExperiments();
        services.AddRenewals();
    }

    public void Profile(string learnerId, decimal netSpend)
    {
        using var db = new OpsDbContext(database.Options);
        db.Learners.Add(new OpsConsole.Learners.Learner { Id = learnerId, SignupAt = Now.UtcDateTime.AddYears(-1) });
        db.Profiles.Add(new LearnerProfile { LearnerId = learnerId, NetSpend = netSpend, ComputedAt = Now.UtcDateTime, LastActiveAt = Now.UtcDateTime.AddDays(-12) });
        db.SaveChanges();
    }

    public ChurnAlert Alert(string learnerId, double risk, ValueTier tier = ValueTier.Low, ChurnAlertStatus status = ChurnAlertStatus.Open, int daysAgo = 0, string? assignedTo = null)
    {
        using var db = new OpsDbContext(database.Options);
        var at = Now.UtcDateTime.AddDays(-daysAgo);
        var drivers = ChurnDrivers.Serialize([new ChurnDriver("days_since_active", $"No activity for {12 + daysAgo} days", 0.42), new ChurnDriver("lesson_completion", "Finishes most lessons", -0.1)]);
        db.ChurnScores.Add(new ChurnScore { LearnerId = learnerId, Risk = risk, Drivers = drivers, ScoredAt = at });
        db.ChurnScoreHistory.Add(new ChurnScorePoint { LearnerId = learnerId, Day = DateOnly.FromDateTime(at).AddDays(-1), Risk = risk - 0.2, ScoredAt = at.AddDays(-1) });
        db.ChurnScoreHistory.Add(new ChurnScorePoint { LearnerId = learnerId, Day = DateOnly.FromDateTime(at), Risk = risk, ScoredAt = at });
        var alert = new ChurnAlert
        {
            LearnerId = learnerId, RaisedAt = at, Risk = risk, Threshold = 0.7, ValueTier = tier, Drivers = drivers, Status = status,
            AssignedTo = assignedTo, UpdatedAt = at, ResolvedAt = status == ChurnAlertStatus.Resolved ? at : null,
        };
        db.ChurnAlerts.Add(alert);
        db.SaveChanges();
        return alert;
    }

    public ChurnAlert Get(long id)
    {
        using var db = new OpsDbContext(database.Options);
        return db.ChurnAlerts.Single(a => a.Id == id);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
