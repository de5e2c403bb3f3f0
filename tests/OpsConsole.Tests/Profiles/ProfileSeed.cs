using OpsConsole.Catalog;
using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Profiles;
using OpsConsole.Tests.Components;

namespace OpsConsole.Tests.Profiles;

/// <summary>Learners with stored profiles in a component test's database, written the way a rebuild writes them.</summary>
internal static class ProfileSeed
{
    public static readonly DateTime Now = new(2026, 5, 10, 4, 0, 0, DateTimeKind.Utc);

    public static void Learner(TestDatabase database, string id, string name, string email, LifecycleStage stage, decimal spend, int? persona = null,
        params (string Tag, double Weight)[] interests)
    {
        using var db = new OpsDbContext(database.Options);
        db.Learners.Add(new Learner { Id = id, SignupAt = Now.AddDays(-100), Channel = "wechat", Region = "Shanghai", Pii = new LearnerPii { LearnerId = id, Name = name, Email = email, Phone = "13812345678" } });
        db.Profiles.Add(new LearnerProfile
        {
            LearnerId = id, ComputedAt = Now, LastActiveAt = Now.AddDays(-1), Lifecycle = stage, NetSpend = spend, OrderSpend = spend,
            Orders = spend > 0 ? 2 : 0, RfmSegment = spend > 0 ? RfmSegment.Loyal : RfmSegment.Prospect, RecencyScore = spend > 0 ? 4 : 0,
            FrequencyScore = spend > 0 ? 4 : 0, MonetaryScore = spend > 0 ? 3 : 0, PersonaId = persona, ActiveDays30 = 9,
            TopInterests = string.Join(',', interests.Select(i => i.Tag)),
        });
        db.Interests.AddRange(interests.Select(i => new LearnerInterest { LearnerId = id, Tag = i.Tag, Weight = i.Weight }));
        db.SaveChanges();
    }

    public static void Persona(TestDatabase database, int id, string label, int size)
    {
        using var db = new OpsDbContext(database.Options);
        db.Personas.Add(new Persona { Id = id, Label = label, Description = "net spend +1.2σ", Size = size, Centroid = "[]", Scaling = "{}", TrainedAt = Now });
        db.SaveChanges();
    }

    public static void Purchase(TestDatabase database, string learnerId, string itemId, string title, decimal amount)
    {
        using var db = new OpsDbContext(database.Options);
        if (db.Catalog.Find(itemId) is null)
        {
            db.Catalog.Add(new CatalogItem { Id = itemId, Title = title, Topic = "cloud", Tags = "docker" });
        }
        db.Events.Add(new BehaviorEvent
        {
            EventId = Guid.NewGuid().ToString(), LearnerId = learnerId, Type = EventType.Purchase, OccurredAt = Now.AddDays(-2),
            ReceivedAt = Now, ItemId = itemId, Amount = amount, Currency = "CNY",
        });
        db.SaveChanges();
    }
}
