using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Learners;

namespace OpsConsole.Data.Configurations;

internal sealed class LearnerPiiConfiguration : IEntityTypeConfiguration<LearnerPii>
{
    public void Configure(EntityTypeBuilder<LearnerPii> b)
    {
        b.ToTable("LearnerPii");
        b.HasKey(p => p.LearnerId);
        b.Property(p => p.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(p => p.Name).HasMaxLength(128);
        b.Property(p => p.Email).HasMaxLength(256);
        b.Property(p => p.Phone).HasMaxLength(32);
    }
}
