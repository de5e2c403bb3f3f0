using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Segments;

namespace OpsConsole.Data.Configurations;

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> b)
    {
        b.ToTable("Segments");
        b.HasKey(s => s.Id);
        b.Property(s => s.Name).HasMaxLength(Segment.NameMaxLength);
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.CreatedBy).HasMaxLength(256);
        b.HasIndex(s => s.Name).IsUnique();
    }
}
