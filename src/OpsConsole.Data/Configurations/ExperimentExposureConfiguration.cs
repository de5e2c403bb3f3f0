using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Experiments;
using OpsConsole.Learners;

namespace OpsConsole.Data.Configurations;

internal sealed class ExperimentExposureConfiguration : IEntityTypeConfiguration<ExperimentExposure>
{
    public void Configure(EntityTypeBuilder<ExperimentExposure> b)
    {
        b.ToTable("ExperimentExposures");
        b.HasKey(x => x.Id);
        b.Property(x => x.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(x => x.VariantKey).HasMaxLength(ExperimentVariant.KeyMaxLength);
        // A learner is exposed once per experiment, however many requests race to expose them: the loser of the race
        // hits this index and reads the winner's row instead.
        b.HasIndex(x => new { x.ExperimentId, x.LearnerId }).IsUnique();
        b.HasOne<Experiment>().WithMany().HasForeignKey(x => x.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        // Erasing a learner erases their exposures with them.
        b.HasOne<Learner>().WithMany().HasForeignKey(x => x.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
