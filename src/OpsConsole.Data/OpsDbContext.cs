using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpsConsole.Access;
using OpsConsole.Analytics;
using OpsConsole.Catalog;
using OpsConsole.Commerce;
using OpsConsole.Experiments;
using OpsConsole.Ingestion;
using OpsConsole.Learners;
using OpsConsole.Privacy;
using OpsConsole.Profiles;
using OpsConsole.Recommendations;
using OpsConsole.Retention;
using OpsConsole.Segments;
using OpsConsole.Support;

namespace OpsConsole.Data;

public sealed class OpsDbContext(DbContextOptions<OpsDbContext> options) : IdentityDbContext<OpsUser>(options)
{
    public DbSet<Learner> Learners => Set<Learner>();
    public DbSet<LearnerPii> LearnerPii => Set<LearnerPii>();
    public DbSet<CatalogItem> Catalog => Set<CatalogItem>();
    public DbSet<BehaviorEvent> Events => Set<BehaviorEvent>();
    public DbSet<QuarantinedRecord> Quarantine => Set<QuarantinedRecord>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();
    public DbSet<TicketAssignment> TicketAssignments => Set<TicketAssignment>();
    public DbSet<SupportAgent> SupportAgents => Set<SupportAgent>();
    public DbSet<KnowledgeArticle> KnowledgeArticles => Set<KnowledgeArticle>();
    public DbSet<CannedResponse> CannedResponses => Set<CannedResponse>();
    public DbSet<SupportSetting> SupportSettings => Set<SupportSetting>();
    public DbSet<IntentModelVersion> IntentModels => Set<IntentModelVersion>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<DailyRollup> DailyRollups => Set<DailyRollup>();
    public DbSet<PathStep> PathSteps => Set<PathStep>();
    public DbSet<LearnerActivity> LearnerActivity => Set<LearnerActivity>();
    public DbSet<LearnerProfile> Profiles => Set<LearnerProfile>();
    public DbSet<LearnerInterest> Interests => Set<LearnerInterest>();
    public DbSet<Persona> Personas => Set<Persona>();
    public DbSet<ProjectionCheckpoint> Checkpoints => Set<ProjectionCheckpoint>();
    public DbSet<Segment> Segments => Set<Segment>();
    public DbSet<SegmentMember> SegmentMembers => Set<SegmentMember>();
    public DbSet<RecommenderModel> RecommenderModels => Set<RecommenderModel>();
    public DbSet<RecommenderArtifact> RecommenderArtifacts => Set<RecommenderArtifact>();
    public DbSet<RecommendationImpression> RecommendationImpressions => Set<RecommendationImpression>();
    public DbSet<RecommendationFeedback> RecommendationFeedback => Set<RecommendationFeedback>();
    public DbSet<Experiment> Experiments => Set<Experiment>();
    public DbSet<ExperimentVariant> ExperimentVariants => Set<ExperimentVariant>();
    public DbSet<ExperimentExposure> ExperimentExposures => Set<ExperimentExposure>();
    public DbSet<ChurnModelVersion> ChurnModels => Set<ChurnModelVersion>();
    public DbSet<ChurnScore> ChurnScores => Set<ChurnScore>();
    public DbSet<ChurnScorePoint> ChurnScoreHistory => Set<ChurnScorePoint>();
    public DbSet<ChurnAlert> ChurnAlerts => Set<ChurnAlert>();
    public DbSet<AlertThresholdRule> AlertThresholdRules => Set<AlertThresholdRule>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(OpsDbContext).Assembly);
        if (Database.IsSqlite())
        {
            // SQLite has no decimal type: EF stores decimals as text, which it can neither sort nor compare in SQL.
            // Profiles are sorted and filtered by money, and recommendation revenue is summed, so those amounts are stored as REAL there.
            var summed = builder.Entity<LearnerProfile>().Metadata.GetProperties()
                .Concat(builder.Entity<RecommendationFeedback>().Metadata.GetProperties());
            foreach (var property in summed.Where(p => p.ClrType == typeof(decimal) || p.ClrType == typeof(decimal?)))
            {
                property.SetProviderClrType(typeof(double));
            }
            // SQLite keeps a Guid as 36 characters of text by default; the idempotency key is worth its 16 raw bytes.
            builder.Entity<BehaviorEvent>().Property(e => e.EventKey).HasConversion<byte[]>();
        }
        else if (Database.IsNpgsql())
        {
            // The learner timeline index takes a million random inserts a day; byte order ("C") spares each of them the
            // cluster's linguistic collation (en_US.UTF-8 and the like), which ids do not need. Equality and joins with
            // other learner id columns are unaffected: PostgreSQL lets a column's own collation win over the default.
            builder.Entity<BehaviorEvent>().Property(e => e.LearnerId).UseCollation("C");
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Everything is stored in UTC; SQLite forgets the kind on the way back, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
    }
}
