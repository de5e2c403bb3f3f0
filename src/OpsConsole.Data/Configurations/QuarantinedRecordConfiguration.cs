using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Ingestion;

namespace OpsConsole.Data.Configurations;

internal sealed class QuarantinedRecordConfiguration : IEntityTypeConfiguration<QuarantinedRecord>
{
    public void Configure(EntityTypeBuilder<QuarantinedRecord> b)
    {
        b.ToTable("Quarantine");
        b.HasKey(q => q.Id);
        b.Property(q => q.Kind).HasMaxLength(16);
        b.Property(q => q.Source).HasMaxLength(128);
        b.Property(q => q.RecordId).HasMaxLength(256);
        b.Property(q => q.Field).HasMaxLength(64);
        b.Property(q => q.Reason).HasMaxLength(512);
        b.HasIndex(q => q.ReceivedAt);
    }
}
