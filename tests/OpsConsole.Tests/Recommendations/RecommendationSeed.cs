using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsConsole.Analytics;
using OpsConsole.Catalog;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Profiles;
using OpsConsole.Recommendations;
using OpsConsole.Tests.Components;

namespace OpsConsole.Tests.Recommendations;

/// <summary>
/// The recommender's real services over a component test's database, and a small platform to train on: Docker →
/// Kubernetes → Helm learners, Rust → Async Rust learners, a retired course many viewed, and "u-fan", who bought
/// Docker Basics two days ago. Times are relative to now, as the trainer reads the real clock.
/// </summary>
internal static class RecommendationSeed
{
    public static readonly DateTime Now = DateTime.UtcNow;

    public static void AddServices(IServiceCollection services, TestDatabase database)
    {
        database.Register(services);
        AddRecommender(services);
        services.AddSingleton<ProfileQueries>();
        services.AddSingleton(new PlatformTime(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), TimeProvider.System));
    }

    /// <summary>The recommender as the console registers it, with its default options.</summary>
    public static void AddRecommender(IServiceCollection services)
    {
        services.TryAddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddRecommendations();
    }

    public static void Platform(TestDatabase database)
    {
        using var db = new OpsDbContext(database.Options);
        var published = Now.AddDays(-400);
        db.Catalog.AddRange(
            Item("c-docker", "Docker Basics", "cloud", "cloud,docker,containers", published),
            Item("c-k8s", "Kubernetes in Practice", "cloud", "cloud,kubernetes,containers", published),
            Item("c-helm", "Helm Charts", "cloud", "cloud,helm,kubernetes", published),
            Item("c-rust", "Rust for Beginners", "rust", "rust", published),
            Item("c-async", "Async Rust", "rust", "rust,async", published),
            Item("c-old", "Docker Swarm (retired)", "cloud", "cloud,docker", published, Now.AddDays(-20)));
        var n = 0;
        void Add(string learner, EventType type, double daysAgo, string item, decimal? amount = null) => db.Events.Add(new BehaviorEvent
        {
            EventId = $"rs-{++n}", LearnerId = learner, Type = type, OccurredAt = Now.AddDays(-daysAgo), ReceivedAt = Now, ItemId = item,
            Amount = amount, Currency = amount is null ? null : "CNY",
        });
        var learners = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var id = $"l-{i:D2}";
            learners.Add(id);
            Add(id, EventType.Purchase, 40 - i, "c-docker", 99m);
            Add(id, EventType.View, 39 - i, "c-old");
            Add(id, EventType.Purchase, 37 - i, "c-k8s", 199m);
            if (i % 2 == 0)
            {
                Add(id, EventType.Purchase, 34 - i, "c-helm", 99m);
            }
        }
        for (var i = 0; i < 10; i++)
        {
            var id = $"r-{i:D2}";
            learners.Add(id);
            Add(id, EventType.Purchase, 30 - i, "c-rust", 99m);
            Add(id, EventType.Purchase, 27 - i, "c-async", 129m);
        }
        learners.Add("u-fan");
        Add("u-fan", EventType.Purchase, 2, "c-docker", 99m);
        db.Learners.AddRange(learners.Select(id => new Learner { Id = id, SignupAt = Now.AddDays(-60), Channel = id.StartsWith('r') ? "wechat" : "web" }));
        db.SaveChanges();
    }

    /// <summary>Trains a version with the real trainer; the first one ever trained serves at once.</summary>
    public static RecommenderModel Train(IServiceProvider services, string by = "test") =>
        services.GetRequiredService<RecommenderTrainer>().TrainAsync(by, null, CancellationToken.None).GetAwaiter().GetResult();

    private static CatalogItem Item(string id, string title, string topic, string tags, DateTime published, DateTime? retired = null) => new()
    {
        Id = id, Title = title, Topic = topic, Tags = tags, Kind = ContentKind.Course, Price = 99m, PublishedAt = published, RetiredAt = retired, UpdatedAt = published,
    };
}
