using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Retention;

namespace OpsConsole.Data.Configurations;

internal sealed class ChurnModelVersionConfiguration : IEntityTypeConfiguration<ChurnModelVersion>
{
    public void Configure(EntityTypeBuilder<ChurnModelVersion> b)
    {
        b.ToTable("ChurnModels");
        b.HasKey(m => m.Id);
        b.Property(m => m.StartedBy).HasMaxLength(256);
        b.Property(m => m.PromotedBy).HasMaxLength(256);
        b.Property(m => m.Trainer).HasMaxLength(ChurnModelVersion.TrainerMaxLength);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Error).HasMaxLength(2000);
        b.HasIndex(m => m.Status);
    }
}
