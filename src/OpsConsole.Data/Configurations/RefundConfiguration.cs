using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Commerce;

namespace OpsConsole.Data.Configurations;

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasMaxLength(128);
        b.Property(r => r.OrderId).HasMaxLength(128);
        b.Property(r => r.Reason).HasMaxLength(256);
    }
}
