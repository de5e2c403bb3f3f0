using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Learners;
using OpsConsole.Segments;

namespace OpsConsole.Data.Configurations;

internal sealed class SegmentMemberConfiguration : IEntityTypeConfiguration<SegmentMember>
{
    public void Configure(EntityTypeBuilder<SegmentMember> b)
    {
        b.ToTable("SegmentMembers");
        b.HasKey(m => new { m.SegmentId, m.LearnerId });
        b.Property(m => m.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.HasOne<Segment>().WithMany().HasForeignKey(m => m.SegmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Learner>().WithMany().HasForeignKey(m => m.LearnerId).OnDelete(DeleteBehavior.Cascade);
        // Reports join on the learner; "which segments is this learner in" reads the same index.
        b.HasIndex(m => m.LearnerId);
    }
}
