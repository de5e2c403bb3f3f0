using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Analytics;
using OpsConsole.Learners;

namespace OpsConsole.Data.Configurations;

internal sealed class PathStepConfiguration : IEntityTypeConfiguration<PathStep>
{
    public void Configure(EntityTypeBuilder<PathStep> b)
    {
        b.ToTable("PathSteps");
        // Refreshing a learner replaces their rows: the key leads with the learner.
        b.HasKey(s => new { s.LearnerId, s.Seq });
        b.Property(s => s.Seq).ValueGeneratedNever();
        b.Property(s => s.LearnerId).HasMaxLength(Learner.IdMaxLength);
        // Types are kept as the enum's fixed numbers, not as text as in Events: there are eleven per row, and a paths
        // question groups by up to five of them.
        // A paths question reads the steps of one type that start in a date range.
        b.HasIndex(s => new { s.Type, s.At });
    }
}
