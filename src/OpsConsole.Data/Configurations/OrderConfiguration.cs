using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Commerce;
using OpsConsole.Learners;

namespace OpsConsole.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).HasMaxLength(128);
        b.Property(o => o.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(o => o.ItemId).HasMaxLength(64);
        b.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(o => o.Coupon).HasMaxLength(64);
        b.HasIndex(o => new { o.LearnerId, o.PlacedAt });
        b.HasIndex(o => o.PlacedAt);
        b.HasMany(o => o.Refunds).WithOne().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
