using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Access;

namespace OpsConsole.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.HasKey(k => k.Id);
        b.Property(k => k.Name).HasMaxLength(128);
        b.Property(k => k.Prefix).HasMaxLength(16);
        b.Property(k => k.Hash).HasMaxLength(64);
        b.Property(k => k.CreatedBy).HasMaxLength(256);
        b.Ignore(k => k.IsActive);
        b.HasIndex(k => k.Hash).IsUnique();
    }
}
