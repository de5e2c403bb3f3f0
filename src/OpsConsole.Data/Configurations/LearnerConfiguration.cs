using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Learners;

namespace OpsConsole.Data.Configurations;

internal sealed class LearnerConfiguration : IEntityTypeConfiguration<Learner>
{
    public void Configure(EntityTypeBuilder<Learner> b)
    {
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).HasMaxLength(Learner.IdMaxLength);
        b.Property(l => l.Channel).HasMaxLength(32);
        b.Property(l => l.Region).HasMaxLength(32);
        b.Property(l => l.Device).HasMaxLength(32);
        b.Property(l => l.Locale).HasMaxLength(16);
        b.Property(l => l.Tier).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(l => l.SignupAt);
        b.HasOne(l => l.Pii).WithOne().HasForeignKey<LearnerPii>(p => p.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
