using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Analytics;
using OpsConsole.Learners;

namespace OpsConsole.Data.Configurations;

internal sealed class LearnerActivityConfiguration : IEntityTypeConfiguration<LearnerActivity>
{
    public void Configure(EntityTypeBuilder<LearnerActivity> b)
    {
        b.ToTable("LearnerActivity");
        // Retention reads one learner's periods of one kind in order, and a refresh replaces one learner's rows.
        b.HasKey(a => new { a.LearnerId, a.Period, a.Start });
        b.Property(a => a.LearnerId).HasMaxLength(Learner.IdMaxLength);
    }
}
