using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Experiments;
using OpsConsole.Segments;

namespace OpsConsole.Data.Configurations;

internal sealed class ExperimentConfiguration : IEntityTypeConfiguration<Experiment>
{
    public void Configure(EntityTypeBuilder<Experiment> b)
    {
        b.ToTable("Experiments");
        b.HasKey(e => e.Id);
        b.Property(e => e.Key).HasMaxLength(Experiment.KeyMaxLength);
        b.Property(e => e.Name).HasMaxLength(Experiment.NameMaxLength);
        b.Property(e => e.Hypothesis).HasMaxLength(Experiment.HypothesisMaxLength);
        b.Property(e => e.Seed).HasMaxLength(Experiment.SeedMaxLength);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.PrimaryMetric).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.GuardrailMetrics).HasMaxLength(Experiment.GuardrailsMaxLength);
        b.Property(e => e.CreatedBy).HasMaxLength(Experiment.ActorMaxLength);
        b.Property(e => e.StartedBy).HasMaxLength(Experiment.ActorMaxLength);
        b.Property(e => e.StoppedBy).HasMaxLength(Experiment.ActorMaxLength);
        b.Property(e => e.Decision).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.ShippedVariantKey).HasMaxLength(ExperimentVariant.KeyMaxLength);
        b.Property(e => e.DecisionReason).HasMaxLength(Experiment.DecisionReasonMaxLength);
        b.Ignore(e => e.Primary);
        b.Ignore(e => e.Guardrails);
        b.HasIndex(e => e.Key).IsUnique();
        b.HasIndex(e => new { e.Status, e.CreatedAt });
        // An experiment's targeting is part of its record: a segment in use cannot be deleted from under it.
        b.HasOne<Segment>().WithMany().HasForeignKey(e => e.SegmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(e => e.Variants).WithOne().HasForeignKey(v => v.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
