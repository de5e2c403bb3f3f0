using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Catalog;

namespace OpsConsole.Data.Configurations;

internal sealed class CatalogItemConfiguration : IEntityTypeConfiguration<CatalogItem>
{
    public void Configure(EntityTypeBuilder<CatalogItem> b)
    {
        b.ToTable("Catalog");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasMaxLength(CatalogItem.IdMaxLength);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Title).HasMaxLength(256);
        b.Property(c => c.Topic).HasMaxLength(64);
        b.Property(c => c.Tags).HasMaxLength(512);
        b.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(c => c.Instructor).HasMaxLength(128);
        b.Ignore(c => c.TagList);
        b.HasIndex(c => c.Topic);
    }
}
