using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Retention;
using OpsConsole.Segments;

namespace OpsConsole.Data.Configurations;

internal sealed class AlertThresholdRuleConfiguration : IEntityTypeConfiguration<AlertThresholdRule>
{
    public void Configure(EntityTypeBuilder<AlertThresholdRule> b)
    {
        b.ToTable("AlertThresholdRules");
        b.HasKey(r => r.Id);
        b.Property(r => r.Tier).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.UpdatedBy).HasMaxLength(256);
        // A rule for a deleted segment has nobody left to apply to.
        b.HasOne<Segment>().WithMany().HasForeignKey(r => r.SegmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
