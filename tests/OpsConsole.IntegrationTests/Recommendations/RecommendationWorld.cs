using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Catalog;
using OpsConsole.Ingestion;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Recommendations;

namespace OpsConsole.IntegrationTests.Recommendations;

/// <summary>
/// A small platform with learning paths anyone can check by eye: Docker → Kubernetes → Helm, Terraform → Ansible (a
/// smaller path in the same topic, which popularity cannot tell apart from the bigger one), Rust → Async Rust, and a
/// few machine-learning learners. Four learners took Ansible after Terraform in the last days: the holdout on which
/// personal generators beat popularity. Times are relative to now, since the app's clock is the real one.
/// </summary>
internal static class RecommendationWorld
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static readonly DateTime Now = DateTime.UtcNow;

    public static async Task SeedAsync(TestDatabase database)
    {
        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            var published = Now.AddDays(-400);
            db.Catalog.AddRange(
                Item("c-docker", "Docker Basics", "cloud", "cloud,docker,containers", published),
                Item("c-k8s", "Kubernetes in Practice", "cloud", "cloud,kubernetes,containers", published),
                Item("c-helm", "Helm Charts", "cloud", "cloud,helm,kubernetes", published),
                Item("c-rust", "Rust for Beginners", "rust", "rust", published),
                Item("c-async", "Async Rust", "rust", "rust,async", published),
                Item("c-ml", "Machine Learning 101", "ai", "ai,ml,python", published),
                Item("c-tf", "Terraform Basics", "cloud", "cloud,terraform", published),
                Item("c-ansible", "Ansible Automation", "cloud", "cloud,ansible", published),
                Item("c-old", "Docker Swarm (retired)", "cloud", "cloud,docker", published, retired: Now.AddDays(-30)),
                Item("col-ai", "AI Weekly", "ai", "ai,llm", published, ContentKind.Column));
            await db.SaveChangesAsync(Ct);
        }
        var events = new List<BehaviorEvent>();
        var n = 0;
        void Add(string learner, EventType type, double daysAgo, string item, decimal? amount = null) => events.Add(new BehaviorEvent
        {
            EventId = $"rw-{++n}",
            LearnerId = learner,
            Type = type,
            OccurredAt = Now.AddDays(-daysAgo),
            ItemId = item,
            Amount = amount,
            Currency = amount is null ? null : "CNY",
        });
        for (var i = 0; i < 30; i++)
        {
            var learner = $"l-{i:D2}";
            var start = 60 - i;
            Add(learner, EventType.View, start, "c-docker");
            Add(learner, EventType.Purchase, start, "c-docker", 99m);
            Add(learner, EventType.LessonProgress, start - 1, "c-docker");
            Add(learner, EventType.View, start - 2, "c-old");
            Add(learner, EventType.Purchase, start - 3, "c-k8s", 199m);
            if (i % 2 == 0)
            {
                Add(learner, EventType.Purchase, start - 6, "c-helm", 99m);
            }
        }
        for (var i = 0; i < 20; i++)
        {
            var learner = $"r-{i:D2}";
            Add(learner, EventType.Purchase, 50 - i, "c-rust", 99m);
            Add(learner, EventType.Purchase, 46 - i, "c-async", 129m);
        }
        for (var i = 0; i < 10; i++)
        {
            Add($"t-{i:D2}", EventType.Purchase, 45 - i, "c-tf", 99m);
            Add($"t-{i:D2}", EventType.Purchase, 42 - i, "c-ansible", 99m);
        }
        for (var i = 0; i < 4; i++)
        {
            Add($"h-{i:D2}", EventType.Purchase, 12, "c-tf", 99m);
            Add($"h-{i:D2}", EventType.Purchase, 2 + i * 0.5, "c-ansible", 99m);
        }
        for (var i = 0; i < 10; i++)
        {
            Add($"m-{i:D2}", EventType.Purchase, 40 - i, "c-ml", 299m);
            Add($"m-{i:D2}", EventType.View, 39 - i, "col-ai");
        }
        Add("u-docker", EventType.Purchase, 2, "c-docker", 99m);
        await new EventStore(database.Contexts, database.Options, TimeProvider.System).AppendAsync(events, Ct);
        await using (var db = await database.Contexts.CreateDbContextAsync(Ct))
        {
            await db.Learners.Where(l => l.Id.StartsWith("r-")).ExecuteUpdateAsync(s => s.SetProperty(l => l.Channel, "wechat"), Ct);
            await db.Learners.Where(l => !l.Id.StartsWith("r-")).ExecuteUpdateAsync(s => s.SetProperty(l => l.Channel, "web"), Ct);
            db.Learners.Add(new Learners.Learner { Id = "u-new", SignupAt = Now, Channel = "wechat", CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync(Ct);
        }
    }

    public static async Task<RecommenderModel> TrainAsync(OpsConsoleApp app, string by = "test") =>
        await app.Services.GetRequiredService<RecommenderTrainer>().TrainAsync(by, null, Ct);

    private static CatalogItem Item(string id, string title, string topic, string tags, DateTime published, ContentKind kind = ContentKind.Course, DateTime? retired = null) => new()
    {
        Id = id,
        Title = title,
        Topic = topic,
        Tags = tags,
        Kind = kind,
        Price = 99m,
        PublishedAt = published,
        RetiredAt = retired,
        UpdatedAt = published,
    };
}
