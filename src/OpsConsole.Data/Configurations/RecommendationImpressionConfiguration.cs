using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Catalog;
using OpsConsole.Learners;
using OpsConsole.Recommendations;

namespace OpsConsole.Data.Configurations;

internal sealed class RecommendationImpressionConfiguration : IEntityTypeConfiguration<RecommendationImpression>
{
    public void Configure(EntityTypeBuilder<RecommendationImpression> b)
    {
        b.ToTable("RecommendationImpressions");
        b.HasKey(i => i.Id);
        b.Property(i => i.RecommendationId).HasMaxLength(RecommendationImpression.RecommendationIdMaxLength);
        b.Property(i => i.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(i => i.ItemId).HasMaxLength(CatalogItem.IdMaxLength);
        b.Property(i => i.Context).HasMaxLength(RecommendationImpression.ContextMaxLength);
        // Feedback looks an item up within its list; online reports group by version and day.
        b.HasIndex(i => new { i.RecommendationId, i.ItemId });
        b.HasIndex(i => new { i.ModelId, i.ServedAt });
        b.HasIndex(i => new { i.LearnerId, i.ServedAt });
    }
}

internal sealed class RecommendationFeedbackConfiguration : IEntityTypeConfiguration<RecommendationFeedback>
{
    public void Configure(EntityTypeBuilder<RecommendationFeedback> b)
    {
        b.ToTable("RecommendationFeedback");
        b.HasKey(f => f.Id);
        b.Property(f => f.RecommendationId).HasMaxLength(RecommendationImpression.RecommendationIdMaxLength);
        b.Property(f => f.ItemId).HasMaxLength(CatalogItem.IdMaxLength);
        b.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(f => f.Amount).HasPrecision(18, 2);
        // One click and one purchase per item of a list count, however often they are reported.
        b.HasIndex(f => new { f.RecommendationId, f.ItemId, f.Kind }).IsUnique();
        b.HasIndex(f => new { f.ModelId, f.OccurredAt });
    }
}
