using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Experiments;

namespace OpsConsole.Data.Configurations;

internal sealed class ExperimentVariantConfiguration : IEntityTypeConfiguration<ExperimentVariant>
{
    public void Configure(EntityTypeBuilder<ExperimentVariant> b)
    {
        b.ToTable("ExperimentVariants");
        b.HasKey(v => v.Id);
        b.Property(v => v.Key).HasMaxLength(ExperimentVariant.KeyMaxLength);
        b.Property(v => v.Name).HasMaxLength(ExperimentVariant.NameMaxLength);
        b.Property(v => v.Payload).HasMaxLength(ExperimentVariant.PayloadMaxLength);
        b.HasIndex(v => new { v.ExperimentId, v.Key }).IsUnique();
    }
}
