using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Learners;
using OpsConsole.Profiles;

namespace OpsConsole.Data.Configurations;

internal sealed class LearnerInterestConfiguration : IEntityTypeConfiguration<LearnerInterest>
{
    public void Configure(EntityTypeBuilder<LearnerInterest> b)
    {
        b.ToTable("LearnerInterests");
        b.HasKey(i => new { i.LearnerId, i.Tag });
        b.Property(i => i.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(i => i.Tag).HasMaxLength(LearnerInterest.TagMaxLength);
        b.HasOne<Learner>().WithMany().HasForeignKey(i => i.LearnerId).OnDelete(DeleteBehavior.Cascade);
        // Segments ask "interest in tag T at least w".
        b.HasIndex(i => new { i.Tag, i.Weight });
    }
}
