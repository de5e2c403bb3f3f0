using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Learners;
using OpsConsole.Profiles;

namespace OpsConsole.Data.Configurations;

internal sealed class LearnerProfileConfiguration : IEntityTypeConfiguration<LearnerProfile>
{
    public void Configure(EntityTypeBuilder<LearnerProfile> b)
    {
        b.ToTable("LearnerProfiles");
        b.HasKey(p => p.LearnerId);
        b.Property(p => p.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(p => p.Membership).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.MembershipPlan).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.PreferredDevice).HasMaxLength(32);
        b.Property(p => p.TopInterests).HasMaxLength(256);
        b.Property(p => p.RfmSegment).HasConversion<string>().HasMaxLength(24);
        b.Property(p => p.Lifecycle).HasConversion<string>().HasMaxLength(16);
        // A profile exists only for a learner; erasing the learner takes the profile with it.
        b.HasOne<Learner>().WithOne().HasForeignKey<LearnerProfile>(p => p.LearnerId).OnDelete(DeleteBehavior.Cascade);
        // The learners list filters and sorts by these.
        b.HasIndex(p => p.Lifecycle);
        b.HasIndex(p => p.RfmSegment);
        b.HasIndex(p => p.NetSpend);
        b.HasIndex(p => p.LastActiveAt);
        b.HasIndex(p => p.PersonaId);
    }
}
